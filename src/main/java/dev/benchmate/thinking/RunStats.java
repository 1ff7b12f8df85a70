package dev.benchmate.thinking;

/** The runtime's own figures for one run (RKLLMPerfStat). */
public record RunStats(int prefillTokens, double prefillMs, int generateTokens, double generateMs, double memoryMb) {
    public static final RunStats NONE = new RunStats(0, 0, 0, 0, 0);

    public double decodeTokensPerSecond() {
        return generateMs <= 0 ? 0 : generateTokens * 1000.0 / generateMs;
    }

    public double prefillTokensPerSecond() {
        return prefillMs <= 0 ? 0 : prefillTokens * 1000.0 / prefillMs;
    }
}
