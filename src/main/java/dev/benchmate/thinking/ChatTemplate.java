package dev.benchmate.thinking;

/**
 * What {@code rkllm_set_chat_template} takes: the whole system block, and the text put before and
 * after each user message.
 */
public record ChatTemplate(String systemPrompt, String prefix, String postfix) {
    /** The Qwen chat format (ChatML) around a plain-text system prompt, English or Chinese. */
    public static ChatTemplate qwen(String systemText) {
        return new ChatTemplate("<|im_start|>system\n" + systemText + "<|im_end|>\n", "<|im_start|>user\n",
                "<|im_end|>\n<|im_start|>assistant\n");
    }
}
