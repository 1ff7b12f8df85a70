package dev.benchmate.transcribing;

/** The ggml tensor types a Whisper file may hold, with their storage size per block of elements. */
enum GgmlType {
    F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q4_1(3, 32, 20), Q5_0(6, 32, 22), Q5_1(7, 32, 24), Q8_0(8, 32, 34);

    final int id;
    final int blockSize;
    final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    long bytes(long elements) {
        return elements / blockSize * blockBytes;
    }

    static GgmlType byId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }

    /** The weight type whisper.cpp uses for a file's base ftype (ggml_ftype_to_ggml_type). */
    static GgmlType forFtype(int baseFtype) {
        return switch (baseFtype) {
            case 0 -> F32;
            case 1 -> F16;
            case 2 -> Q4_0;
            case 3 -> Q4_1;
            case 8 -> Q5_0;
            case 9 -> Q5_1;
            case 7 -> Q8_0;
            default -> null;
        };
    }
}
