package dev.benchmate.thinking;

/** The runtime's own figures for one run (RKLLMPerfStat). */
public record RunStats(int prefillTokens, double prefillMs, int generateTokens, double generateMs, double memoryMb) {
    public static final RunStats NONE = new RunStats(0, 0, 0, 0, 0);
}
