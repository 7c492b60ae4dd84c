/**
 * The vocabulary every ML feature shares, and nothing else: task types, metrics (their names,
 * directions and computation) and success criteria. It depends on no other package, so that
 * charter, data, training and evaluation build on it without depending on each other in a circle
 * (ArchitectureTest keeps it so).
 */
package io.mlpm.ml;
