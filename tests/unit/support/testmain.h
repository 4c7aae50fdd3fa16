#pragma once

// Test support: a QTEST_GUILESS_MAIN for tests whose code runs on worker threads. Under Wine 8 a program's
// usual exit can hang for good in the libraries' detach once worker threads have used TLS (berth.exe ends
// the same way, app/berth/main.cpp); the report is complete when qExec returns, so the process ends there.

#include "util/hardexit.h"

#include <QCoreApplication>
#include <QTest>

#define BERTH_THREADED_TEST_MAIN(TestClass)                                                                            \
    int main(int argc, char **argv)                                                                                    \
    {                                                                                                                  \
        QCoreApplication app(argc, argv);                                                                              \
        int code = 0;                                                                                                  \
        {                                                                                                              \
            TestClass test;                                                                                            \
            QTEST_SET_MAIN_SOURCE_PATH                                                                                 \
            code = QTest::qExec(&test, argc, argv);                                                                    \
        }                                                                                                              \
        return berth::endProcessNow(code);                                                                             \
    }
