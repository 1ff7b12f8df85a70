package dev.benchmate.thinking;

/**
 * The model's chat format: the whole system block, the text put before and after each user
 * message, and what ends an assistant's answer.
 *
 * <p>Benchmate writes each turn's markers itself ({@link #userTurn}, {@link #keptTurn}) and gives
 * the runtime only the system block ({@link #systemOnly}), so that earlier turns can be written
 * back into a fresh context as turns of their own, in the same run as the new question.
 */
public record ChatTemplate(String systemPrompt, String prefix, String postfix, String answerEnd) {
    public ChatTemplate {
        java.util.Objects.requireNonNull(systemPrompt, "systemPrompt");
        java.util.Objects.requireNonNull(prefix, "prefix");
        java.util.Objects.requireNonNull(postfix, "postfix");
        java.util.Objects.requireNonNull(answerEnd, "answerEnd");
    }

    /** The Qwen chat format (ChatML, as Qwen2-VL uses it) around a plain-text system prompt, English or Chinese. */
    public static ChatTemplate qwen(String systemText) {
        return new ChatTemplate("<|im_start|>system\n" + systemText + "<|im_end|>\n", "<|im_start|>user\n",
                "<|im_end|>\n<|im_start|>assistant\n", "<|im_end|>\n");
    }

    /** What {@code rkllm_set_chat_template} is given: the system block, and no prefix or postfix. */
    public ChatTemplate systemOnly() {
        return new ChatTemplate(systemPrompt, "", "", "");
    }

    /** A user message with its markers, up to where the assistant's answer begins. */
    public String userTurn(String text) {
        return prefix + text + postfix;
    }

    /** A turn the runtime did not just generate, written back whole: the question, its answer, the end. */
    public String keptTurn(String question, String answer) {
        return prefix + question + postfix + answer + answerEnd;
    }
}
