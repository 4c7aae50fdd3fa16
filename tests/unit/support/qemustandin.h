#pragma once

// Test support: the test program itself stands in for QEMU, which cannot run under Wine (QEMU for
// Windows is not on Debian's mirror). Copied under QEMU's file name and started with
// --sleep SECONDS [ARGUMENTS...], it only waits: its file name (what Windows checks) and its command
// line holding the pid file's path (what Linux checks) are what tell a QEMU from another program.
// A test using it starts with BERTH_QEMU_STANDIN_MAIN(TestClass) in place of QTEST_MAIN.

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTest>
#include <QThread>

#include <cstdlib>

namespace berth::test {

// A copy of this program under QEMU's name in dir; empty when it cannot be made.
inline QString copyAsQemu(const QString &dir)
{
#ifdef Q_OS_WIN
    const QString qemu = dir + QStringLiteral("/qemu-system-x86_64.exe");
#else
    const QString qemu = dir + QStringLiteral("/qemu-system-x86_64");
#endif
    return QFile::copy(QCoreApplication::applicationFilePath(), qemu) ? qemu : QString();
}

// True when this run is a stand-in's: it has slept its seconds and the program should end.
inline bool sleptAsStandIn(int argc, char **argv)
{
    if (argc < 3 || qstrcmp(argv[1], "--sleep") != 0)
        return false;
    QThread::sleep(static_cast<unsigned long>(std::atoi(argv[2])));
    return true;
}

} // namespace berth::test

#define BERTH_QEMU_STANDIN_MAIN(TestClass)                                                                             \
    int main(int argc, char **argv)                                                                                    \
    {                                                                                                                  \
        if (berth::test::sleptAsStandIn(argc, argv))                                                                   \
            return 0;                                                                                                  \
        QCoreApplication app(argc, argv);                                                                              \
        TestClass test;                                                                                                \
        QTEST_SET_MAIN_SOURCE_PATH                                                                                     \
        return QTest::qExec(&test, argc, argv);                                                                        \
    }
