package dev.benchmate.bindings.rkllm;

import java.util.Locale;

/**
 * Which C ABI of the RKLLM runtime librkllmrt.so speaks. Both releases export the same function
 * names, so the library cannot be asked; {@link #AUTO} reads the version text the file carries
 * ({@link RkllmVersionText}) and refuses to guess.
 */
public enum RkllmApi {
    /** Decide from the library file's own version text. */
    AUTO("auto"),
    /** rkllm.h of rknn-llm 1.2.1 to 1.2.3. */
    V1_2("1.2"),
    /** rkllm.h of rknn-llm 1.3.x. */
    V1_3("1.3");

    private final String label;

    RkllmApi(String label) {
        this.label = label;
    }

    /** As written in the configuration: auto, 1.2, 1.3. */
    public String label() {
        return label;
    }

    /**
     * @param setting the configuration key or option that gave the value, quoted when it is wrong
     */
    public static RkllmApi parse(String value, String setting) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "auto" -> AUTO;
            case "1.2", "1.2.x", "v1.2" -> V1_2;
            case "1.3", "1.3.x", "v1.3" -> V1_3;
            default -> throw new IllegalArgumentException(setting + " is '" + value
                    + "'; it takes auto (read the runtime library's version), 1.2 or 1.3");
        };
    }
}
