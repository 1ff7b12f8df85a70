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
 */
public record TurnResult(long turn, boolean heard, String question, String answer, boolean pictureAttached,
                         boolean restarted, boolean stopped, TurnLatency latency, List<String> spokenSentences,
                         Optional<String> speechProblem, List<String> problems) {

    static TurnResult nothingHeard(long turn, double transcriptMs) {
        return new TurnResult(turn, false, "", "", false, false, false,
                new TurnLatency(transcriptMs, 0, 0, 0, -1, -1, transcriptMs), List.of(), Optional.empty(), List.of());
    }
}
