/**
 * What a person reads after a run: the per-epoch history as {@code history.csv}
 * ({@link dev.neuron.report.HistoryCsv}) and the loss and accuracy curves as {@code curves.png}
 * ({@link dev.neuron.report.Curves}, drawn with XChart). Plain Java; the caller writes the bytes.
 */
package dev.neuron.report;
