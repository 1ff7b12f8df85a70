package dev.benchmate.bindings.rknn;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** rknn_api.h {@code rknn_sdk_version}: answer to RKNN_QUERY_SDK_VERSION. */
@FieldOrder({"api_version", "drv_version"})
public class RknnSdkVersion extends Structure {
    public byte[] api_version = new byte[256];
    public byte[] drv_version = new byte[256];

    public String api() {
        return Native.toString(api_version, "UTF-8");
    }

    public String driver() {
        return Native.toString(drv_version, "UTF-8");
    }
}
