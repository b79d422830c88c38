package dev.neuron.optim;

import java.util.Locale;

/**
 * One hyper-parameter of an update rule, declared once with the rule: its configuration key
 * (snake_case, Keras' name), the values it accepts, its default as written in the docs, and its
 * meaning. The CLI's {@code optimizer.*} keys, the Spark ML params (named {@link #paramName()}),
 * the reference configuration's comments and the rules' own argument checks all derive from these
 * declarations, so a setting cannot be known to one of them and missing from another.
 */
public record Setting(String key, Range range, String defaultText, String doc) {

  /** The values a setting accepts. */
  public enum Range {
    POSITIVE("a positive finite number"),
    UNIT("a number in [0, 1)"),
    NON_NEGATIVE("zero or a positive finite number"),
    FLAG("true or false"),
    /** A count of steps or epochs; whole numbers up to 2^24 are exact as floats. */
    COUNT("a whole number from 0 to 16777216"),
    POSITIVE_COUNT("a whole number from 1 to 16777216");

    private final String description;

    Range(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    boolean accepts(double v) {
      return switch (this) {
        case POSITIVE -> v > 0 && !Double.isInfinite(v);
        case UNIT -> v >= 0 && v < 1;
        case NON_NEGATIVE -> v >= 0 && !Double.isInfinite(v);
        case FLAG -> v == 0 || v == 1;
        case COUNT -> v == Math.rint(v) && v >= 0 && v <= 1 << 24;
        case POSITIVE_COUNT -> v == Math.rint(v) && v >= 1 && v <= 1 << 24;
      };
    }

    /** Whether values are counts (Spark ML: an {@code IntParam}). */
    public boolean isCount() {
      return this == COUNT || this == POSITIVE_COUNT;
    }
  }

  public Setting {
    if (!key.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("setting key must be snake_case, found '" + key + "'");
    }
    parse(range, defaultText);
  }

  /**
   * The Spark ML param's name: the key in camelCase, an underscore before a digit dropped
   * ({@code learning_rate → learningRate}, {@code beta_1 → beta1}).
   */
  public String paramName() {
    return camelCase(key);
  }

  /**
   * The Spark ML param's name of a setting in a group named {@code prefix}: {@code reduce_lr} and
   * {@code min_delta} give {@code reduceLrMinDelta}.
   */
  public String paramName(String prefix) {
    return camelCase(prefix + "_" + key);
  }

  private static String camelCase(String key) {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : key.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }

  public boolean isFlag() {
    return range == Range.FLAG;
  }

  /**
   * A configured value as a number ({@code 1}/{@code 0} for a flag), or an
   * {@code IllegalArgumentException} saying what was expected; the range is checked where the
   * value is used ({@link #check}).
   */
  public float parse(String text) {
    return parse(range, text);
  }

  private static float parse(Range range, String text) {
    String t = text.trim();
    if (range == Range.FLAG) {
      if (!t.equals("true") && !t.equals("false")) {
        throw new IllegalArgumentException("expected true or false, found '" + text + "'");
      }
      return t.equals("true") ? 1f : 0f;
    }
    try {
      return Float.parseFloat(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number, found '" + text + "'");
    }
  }

  /** The default's value. */
  public float defaultValue() {
    return parse(defaultText);
  }

  /** Returns {@code v} when it lies in the range, else throws naming {@code owner} and the key. */
  public float check(String owner, float v) {
    if (!range.accepts(v)) {
      throw new IllegalArgumentException(owner + " " + key + " must be " + range.description()
          + ", found " + v);
    }
    return v;
  }

  /** The setting as the docs list it: {@code key (default)}. */
  public String summary() {
    return key + " (" + defaultText.toLowerCase(Locale.ROOT) + ")";
  }
}
