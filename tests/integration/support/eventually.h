#pragma once

// Waiting for a condition with a deadline in real time. Qt 6.4's QTRY_* macros count 50 ms steps, not the time the
// condition takes: a condition that takes a second to answer (a `berth` or `ssh` run, a connection that waits for
// its timeout) made QTRY_VERIFY_WITH_TIMEOUT(cond, 15000) wait 300 of them, and twice that before failing (Qt then
// tries as long again to say how long it would have taken). A test that should fail in 15 s ran into ctest's
// timeout, which left its VM running for the rest of the run.

#include <QDeadlineTimer>
#include <QTest>

namespace berth::test {

// Whether condition() holds within timeoutMs: asked at once, then every 50 ms (events processed in between) until
// it does or the time is up; asked once more at the deadline.
template <typename Condition> bool eventually(Condition condition, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (condition())
            return true;
        QTest::qWait(50);
    }
    return condition();
}

} // namespace berth::test

// QVERIFY / QCOMPARE once expr holds or actual equals expected, or timeoutMs has passed (then they fail, with the
// values of the last try for the comparison).
#define BERTH_TRY_VERIFY(expr, timeoutMs)                                                                              \
    QVERIFY2(                                                                                                          \
        ::berth::test::eventually([&] { return bool(expr); }, timeoutMs), "not true within " #timeoutMs " ms: " #expr)
#define BERTH_TRY_COMPARE(actual, expected, timeoutMs)                                                                 \
    do {                                                                                                               \
        const auto berthTryValue = [&] { return (actual); };                                                           \
        decltype(berthTryValue()) berthTryLast {};                                                                     \
        ::berth::test::eventually(                                                                                     \
            [&] {                                                                                                      \
                berthTryLast = berthTryValue();                                                                        \
                return berthTryLast == (expected);                                                                     \
            },                                                                                                         \
            timeoutMs);                                                                                                \
        if (!QTest::qCompare(berthTryLast, expected, #actual, #expected, __FILE__, __LINE__))                          \
            return;                                                                                                    \
    } while (false)
