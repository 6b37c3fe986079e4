package io.strata.operators.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EventTimeReleaseQueueTest {

    @Test
    void releaseUpTo_releasesOnlyWhatTheLimitReaches_oldestFirst() {
        EventTimeReleaseQueue<String> queue = new EventTimeReleaseQueue<>();
        queue.add(30, "c");
        queue.add(10, "a");
        queue.add(40, "d");
        queue.add(20, "b");
        List<String> released = new ArrayList<>();

        assertThat(queue.releaseUpTo(25, released::add)).isEqualTo(2);

        assertThat(released).containsExactly("a", "b");
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.oldestTimestamp()).isEqualTo(30);
    }

    @Test
    void releaseUpTo_limitEqualToTimestamp_releasesIt() {
        EventTimeReleaseQueue<String> queue = new EventTimeReleaseQueue<>();
        queue.add(10, "a");

        assertThat(queue.releaseUpTo(10, item -> {})).isEqualTo(1);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void removeOldest_emptyQueue_throws() {
        EventTimeReleaseQueue<String> queue = new EventTimeReleaseQueue<>();

        assertThatThrownBy(queue::removeOldest).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(queue::oldestTimestamp).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forEach_visitsEveryItemAndKeepsThem() {
        EventTimeReleaseQueue<Long> queue = new EventTimeReleaseQueue<>();
        for (long t = 200; t > 0; t--) {
            queue.add(t, t);
        }
        List<Long> visited = new ArrayList<>();

        queue.forEach(visited::add);

        assertThat(visited).hasSize(200).doesNotHaveDuplicates();
        assertThat(queue.size()).isEqualTo(200);
        assertThat(queue.removeOldest()).isEqualTo(1L);
    }

    /** Any interleaving of adds and releases gives what a sorted list would: every item once, in timestamp order. */
    @Property(tries = 300)
    void addsAndReleases_matchASortedReference(
            @ForAll @Size(max = 400) List<@LongRange(min = -50, max = 50) Long> operations) {
        EventTimeReleaseQueue<long[]> queue = new EventTimeReleaseQueue<>();
        List<long[]> reference = new ArrayList<>();
        List<Long> released = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        long id = 0;
        for (long op : operations) {
            if (op % 5 == 0) {
                // A release up to op: the reference gives up its items at or before op, oldest first.
                queue.releaseUpTo(op, item -> released.add(item[0]));
                reference.sort(Comparator.comparingLong(item -> item[0]));
                while (!reference.isEmpty() && reference.get(0)[0] <= op) {
                    expected.add(reference.remove(0)[0]);
                }
            } else {
                long[] item = {op, id++};
                queue.add(op, item);
                reference.add(item);
            }
            assertThat(queue.size()).isEqualTo(reference.size());
        }
        while (!queue.isEmpty()) {
            released.add(queue.removeOldest()[0]);
        }
        reference.sort(Comparator.comparingLong(item -> item[0]));
        reference.forEach(item -> expected.add(item[0]));

        assertThat(released).containsExactlyElementsOf(expected);
    }
}
