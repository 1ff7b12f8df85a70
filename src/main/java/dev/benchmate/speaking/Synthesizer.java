package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;

/** The port to text-to-speech: a sentence in, its audio out. */
public interface Synthesizer {
    AudioClip synthesize(String text);

    /** The rate of the audio it produces. */
    int sampleRate();
}
