package org.panacan.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs the real kernel's SocketCAN stack (vcan0 and vcan1 up, CAN FD MTU). Tagged
 * {@value #TAG} so the build can run these inside the test VM (scripts/test). Without SocketCAN they are skipped
 * with the reason on a developer's machine, and fail under {@code CI=true}: a native test never silently skips in CI.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SocketCanTest.TAG)
@ExtendWith(RequiresSocketCan.class)
public @interface SocketCanTest
{
    String TAG = "socketcan";
}
