package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.PlaybackTap;

/**
 * The speaker, with every block it plays (answers and earcons) also handed to a tap as it goes to
 * the device: the echo canceller's reference. The tap is connected when listening starts; until
 * then, and without one, it costs one call to nothing.
 */
public final class TappedSink extends ForwardingSink {
    private volatile PlaybackTap tap = PlaybackTap.NONE;

    public TappedSink(AudioSink device) {
        super(device);
    }

    /** Where the played blocks go from now on. */
    public void connect(PlaybackTap tap) {
        this.tap = tap;
    }

    @Override
    public void write(AudioClip block) {
        tap.played(block); // before the device's write, which returns once the block is queued to be heard
        device.write(block);
    }
}
