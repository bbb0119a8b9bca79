package org.nnbook.kernels;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On Linux x86-64 the build's only native library is ND4J's oneDNN build (the pom's onednn profile, which
 * also drops the plain build): guards that convolutions keep oneDNN after a change of dependencies.
 */
class NativeBuildTest {

    @Test
    void linuxX86UsesTheOneDnnBuild() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64"),
                "the oneDNN build is only a dependency on Linux x86-64");
        assertEquals(8.0, Nd4j.ones(2, 2).mmul(Nd4j.ones(2, 2)).sumNumber().doubleValue());
        String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        assertTrue(info.contains("HAVE_ONEDNN"), "ND4J's native library was not built with oneDNN:\n" + info);
        assertTrue(getClass().getClassLoader().getResource("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so") == null,
                "the plain linux-x86_64 build of libnd4jcpu is on the class path next to the oneDNN one (87 MB for nothing)");
    }
}
