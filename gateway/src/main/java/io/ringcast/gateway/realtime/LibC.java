package io.ringcast.gateway.realtime;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The C library's scheduling call, bound through JNA when real-time scheduling is first asked for. */
interface LibC extends Library
{
    /** {@code sched_setscheduler(2)}'s policy: first in, first out, above every normal thread. */
    int SCHED_FIFO = 1;
    /** Threads and processes the thread creates start at normal priority. */
    int SCHED_RESET_ON_FORK = 0x40000000;

    /** Loaded on first use (the holder idiom), so a daemon without {@code realtime_priority} never loads JNA. */
    final class Holder
    {
        static final LibC C = Native.load("c", LibC.class);

        private Holder()
        {
        }
    }

    /**
     * @param pid    0: the calling thread.
     * @param policy {@link #SCHED_FIFO}, with {@link #SCHED_RESET_ON_FORK}.
     * @param param  {@code struct sched_param}: its one field, the priority.
     * @return 0.
     * @throws LastErrorException with errno when refused.
     */
    int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;
}
