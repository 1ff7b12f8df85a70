package dev.benchmate.core;

import java.util.List;
import java.util.Optional;

/**
 * What a turn produced.
 *
 * @param turn its id
 * @param heard false when the audio held nothing to answer (silence, noise): nothing else ran
 * @param question the question as it went to the model (transcript, wake phrase removed)
 * @param answer the answer's text (as far as it got, when stopped)
 * @param pictureAttached whether a new picture went with it
 * @param restarted whether the conversation had to start again for it (context full, idle)
 * @param stopped whether stop cut the answer short
 * @param latency where the time went
 * @param spokenSentences what the voice said (empty when not spoken)
 * @param speechProblem why the answer was not (fully) heard: no speaker, a sentence no voice could say
 * @param problems what the turn went on without (the picture, the camera), in order
 * @param promptTokens tokens the runtime prefilled for it (RKLLMPerfStat.prefill_tokens: only the
 *                     new message when the conversation went on, plus the system prompt and any
 *                     written history when it started again)
 * @param answerTokens tokens the runtime generated (RKLLMPerfStat.generate_tokens)
 * @param limitReached the answer ended at its token limit, not by itself
 */
public record TurnResult(long turn, boolean heard, String question, String answer, boolean pictureAttached,
                         boolean restarted, boolean stopped, TurnLatency latency, List<String> spokenSentences,
                         Optional<String> speechProblem, List<String> problems, int promptTokens, int answerTokens,
                         boolean limitReached) {

    public TurnResult(long turn, boolean heard, String question, String answer, boolean pictureAttached,
                      boolean restarted, boolean stopped, TurnLatency latency, List<String> spokenSentences,
                      Optional<String> speechProblem, List<String> problems) {
        this(turn, heard, question, answer, pictureAttached, restarted, stopped, latency, spokenSentences,
                speechProblem, problems, 0, 0, false);
    }

    static TurnResult nothingHeard(long turn, double transcriptMs) {
        return new TurnResult(turn, false, "", "", false, false, false,
                new TurnLatency(transcriptMs, 0, 0, 0, -1, -1, transcriptMs), List.of(), Optional.empty(), List.of());
    }
}
