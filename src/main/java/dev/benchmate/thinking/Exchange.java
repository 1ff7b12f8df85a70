package dev.benchmate.thinking;

/**
 * One question and its answer as a client sees them, whichever front door asked: the question's
 * text, the digest of the picture that went with it (null: none), and the answer's text. Text is
 * compared without surrounding whitespace, so "Hi " and "Hi" are the same question.
 *
 * @param pictureDigest what identifies the picture by its content (a SHA-256 of the file a client
 *                      sent; for a camera frame a mark no client picture can have), or null
 */
public record Exchange(String question, String pictureDigest, String answer) {
    public Exchange {
        question = question == null ? "" : question.strip();
        answer = answer == null ? "" : answer.strip();
    }

    public boolean hasPicture() {
        return pictureDigest != null;
    }
}
