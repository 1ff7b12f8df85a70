package dev.benchmate.bindings.speexdsp;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libspeexdsp.so.1 functions Benchmate uses (speex_echo.h, speex_preprocess.h, SpeexDSP 1.2.1).
 * The states are opaque pointers; spx_int16_t buffers are short arrays of exactly frame_size
 * samples (JNA copies them in and out for the call). The *_ctl pointer argument is the address of
 * an int32 (or float, or for SET_ECHO_STATE the echo state itself).
 */
public interface SpeexDspLibrary extends Library {
    Pointer speex_echo_state_init(int frameSize, int filterLength);

    void speex_echo_state_destroy(Pointer st);

    void speex_echo_cancellation(Pointer st, short[] rec, short[] play, short[] out);

    void speex_echo_state_reset(Pointer st);

    int speex_echo_ctl(Pointer st, int request, Pointer ptr);

    Pointer speex_preprocess_state_init(int frameSize, int samplingRate);

    void speex_preprocess_state_destroy(Pointer st);

    int speex_preprocess_run(Pointer st, short[] x);

    int speex_preprocess_ctl(Pointer st, int request, Pointer ptr);
}
