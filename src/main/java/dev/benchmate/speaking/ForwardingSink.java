package dev.benchmate.speaking;

/** A speaker in front of another: stopping, draining and closing go to the one behind it. */
abstract class ForwardingSink implements AudioSink {
    protected final AudioSink device;

    ForwardingSink(AudioSink device) {
        this.device = device;
    }

    @Override
    public void stopNow() {
        device.stopNow();
    }

    @Override
    public boolean ranDry() {
        return device.ranDry();
    }

    @Override
    public void drain() {
        device.drain();
    }

    @Override
    public void close() {
        device.close();
    }
}
