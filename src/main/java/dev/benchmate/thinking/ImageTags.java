package dev.benchmate.thinking;

/**
 * The special tokens that frame a picture in the prompt. The runtime replaces the literal
 * {@code <image>} with start, one content tag per image token, and end; they differ per model family.
 */
public record ImageTags(String start, String end, String content) {
    /** Qwen2-VL and Qwen2.5-VL. */
    public static final ImageTags QWEN2_VL = new ImageTags("<|vision_start|>", "<|vision_end|>", "<|image_pad|>");
    /** MiniCPM-V. */
    public static final ImageTags MINICPM_V = new ImageTags("<image>", "</image>", "<unk>");
    /** DeepSeek-OCR. */
    public static final ImageTags DEEPSEEK_OCR = new ImageTags("", "", "<｜▁pad▁｜>");

    /** The preset for a model family name (qwen2-vl, qwen2.5-vl, minicpm-v, deepseek-ocr). */
    public static ImageTags forFamily(String family) {
        return switch (family.toLowerCase(java.util.Locale.ROOT)) {
            case "qwen2-vl", "qwen2.5-vl", "qwen2_5_vl", "qwen" -> QWEN2_VL;
            case "minicpm-v", "minicpmv" -> MINICPM_V;
            case "deepseek-ocr" -> DEEPSEEK_OCR;
            default -> throw new IllegalArgumentException("unknown model family '" + family
                    + "' (known: qwen2-vl, qwen2.5-vl, minicpm-v, deepseek-ocr; or set the three image tags)");
        };
    }
}
