package dev.benchmate.bindings.speexdsp;

/**
 * The ctl request numbers of speex_echo.h and speex_preprocess.h (SpeexDSP 1.2.1) that Benchmate
 * uses. A GET is always its SET plus one. SpeexDspConstantsTest checks them against the headers
 * where they are installed.
 */
public final class SpeexDspConstants {
    public static final int SPEEX_ECHO_GET_FRAME_SIZE = 3;
    public static final int SPEEX_ECHO_SET_SAMPLING_RATE = 24;
    public static final int SPEEX_ECHO_GET_SAMPLING_RATE = 25;
    public static final int SPEEX_ECHO_GET_IMPULSE_RESPONSE_SIZE = 27;
    public static final int SPEEX_ECHO_GET_IMPULSE_RESPONSE = 29;

    public static final int SPEEX_PREPROCESS_SET_DENOISE = 0;
    public static final int SPEEX_PREPROCESS_GET_DENOISE = 1;
    public static final int SPEEX_PREPROCESS_SET_AGC = 2;
    public static final int SPEEX_PREPROCESS_GET_AGC = 3;
    public static final int SPEEX_PREPROCESS_SET_VAD = 4;
    public static final int SPEEX_PREPROCESS_GET_VAD = 5;
    public static final int SPEEX_PREPROCESS_SET_AGC_LEVEL = 6;
    public static final int SPEEX_PREPROCESS_GET_AGC_LEVEL = 7;
    public static final int SPEEX_PREPROCESS_SET_DEREVERB = 8;
    public static final int SPEEX_PREPROCESS_GET_DEREVERB = 9;
    public static final int SPEEX_PREPROCESS_SET_NOISE_SUPPRESS = 18;
    public static final int SPEEX_PREPROCESS_GET_NOISE_SUPPRESS = 19;
    public static final int SPEEX_PREPROCESS_SET_ECHO_SUPPRESS = 20;
    public static final int SPEEX_PREPROCESS_GET_ECHO_SUPPRESS = 21;
    public static final int SPEEX_PREPROCESS_SET_ECHO_SUPPRESS_ACTIVE = 22;
    public static final int SPEEX_PREPROCESS_GET_ECHO_SUPPRESS_ACTIVE = 23;
    /** The pointer argument is the SpeexEchoState* itself (or NULL), not its address. */
    public static final int SPEEX_PREPROCESS_SET_ECHO_STATE = 24;
    public static final int SPEEX_PREPROCESS_GET_ECHO_STATE = 25;
    public static final int SPEEX_PREPROCESS_SET_AGC_MAX_GAIN = 30;
    public static final int SPEEX_PREPROCESS_GET_AGC_MAX_GAIN = 31;
    public static final int SPEEX_PREPROCESS_GET_PROB = 45;

    private SpeexDspConstants() {
    }
}
