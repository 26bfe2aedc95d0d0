package torch4j;

/** The {@code rounding_mode} of {@code div}: none (true division), trunc, floor. */
public enum RoundingMode { NONE, TRUNC, FLOOR }
