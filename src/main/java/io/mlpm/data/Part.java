package io.mlpm.data;

/** The part of a split a row belongs to. */
public enum Part { TRAIN, VALIDATION, TEST }
