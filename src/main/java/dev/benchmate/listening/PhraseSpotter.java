package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

/**
 * The port to a small-vocabulary recognizer that listens only for the wake phrase and the commands.
 * It returns the words it heard from its grammar, with "[unk]" for anything else.
 */
public interface PhraseSpotter extends AutoCloseable {
    String spot(AudioClip utterance);

    @Override
    void close();
}
