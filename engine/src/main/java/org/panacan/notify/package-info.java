/**
 * python-can's {@code Notifier}, {@code Listener} and {@code BufferedReader} for the JVM: a
 * {@link org.panacan.notify.Notifier} receives from one or more buses on a dedicated thread with a chosen
 * {@link org.panacan.IdleStrategy} and hands each frame to its {@link org.panacan.notify.Listener}s, allocation-free;
 * a {@link org.panacan.notify.BufferedReader} copies frames into a queue for any thread to take.
 */
package org.panacan.notify;
