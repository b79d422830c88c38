/**
 * Thin command-line mains: parse arguments and configuration, build the pieces, call them, and map
 * the outcome to an exit code ({@code ExitCode}: 0 done, 2 bad configuration or
 * input, 3 diverged, 1 anything else).
 */
package dev.neuron.cli;
