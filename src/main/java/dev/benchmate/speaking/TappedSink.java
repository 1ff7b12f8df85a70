package dev.benchmate.speaking;

import dev.benchmate.media.AudioClip;
import dev.benchmate.media.PlaybackTap;

/**
 * The speaker, with every block it plays (answers and earcons) also handed to a tap as the device
 * takes it: the echo canceller's reference. The tap is connected when listening starts; until
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
        device.write(block);
        // Once the device has taken it: a block after the speaker ran dry starts playing about now,
        // not when it was handed over (tapped before, a write that waited a moment put the
        // reference that much ahead of its echo, and every restart moved the echo path).
        tap.played(block, device.ranDry());
    }
}
