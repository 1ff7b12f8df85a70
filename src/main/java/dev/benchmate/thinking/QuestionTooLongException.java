package dev.benchmate.thinking;

/** A question that cannot fit in the model's context even in a fresh conversation. Nothing was run. */
public class QuestionTooLongException extends RuntimeException {
    private final int questionTokens;
    private final int room;

    public QuestionTooLongException(int questionTokens, int room, int maxContextLen) {
        super("This question is too long: it needs about " + questionTokens + " tokens, but only " + room
                + " fit beside the system prompt and the answer in a context of " + maxContextLen
                + " tokens. Ask it in shorter parts.");
        this.questionTokens = questionTokens;
        this.room = room;
    }

    public int questionTokens() {
        return questionTokens;
    }

    public int room() {
        return room;
    }
}
