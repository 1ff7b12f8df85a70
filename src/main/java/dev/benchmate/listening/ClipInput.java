package dev.benchmate.listening;

import dev.benchmate.media.AudioClip;

import java.util.Arrays;

/** A recorded clip played into the listening chain in 20 ms blocks, as a microphone would deliver it. */
public final class ClipInput implements AudioInput {
    static final int BLOCK = AudioClip.SPEECH_RATE / 50;
    private final AudioClip clip;
    private final String name;
    private int position;

    public ClipInput(AudioClip clip, String name) {
        this.clip = clip;
        this.name = name;
    }

    @Override
    public float[] read() {
        if (position >= clip.samples().length) {
            return null;
        }
        int end = Math.min(clip.samples().length, position + BLOCK);
        float[] block = Arrays.copyOfRange(clip.samples(), position, end);
        position = end;
        return block;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        position = clip.samples().length;
    }
}
