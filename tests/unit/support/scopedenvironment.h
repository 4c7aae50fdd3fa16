#pragma once

// Test support: environment variables set or unset for one test function and put back as they were when
// it ends, passed or failed, so that no later test runs with them.

#include <QByteArray>
#include <QList>
#include <QtGlobal>

namespace berth::test {

class ScopedEnvironment {
public:
    ScopedEnvironment() = default;
    ScopedEnvironment(const ScopedEnvironment &) = delete;
    ScopedEnvironment &operator=(const ScopedEnvironment &) = delete;

    ~ScopedEnvironment()
    {
        // Newest first, so a variable changed twice gets its first value back.
        for (qsizetype i = m_saved.size() - 1; i >= 0; --i) {
            const Saved &saved = m_saved.at(i);
            if (saved.wasSet)
                qputenv(saved.name.constData(), saved.value);
            else
                qunsetenv(saved.name.constData());
        }
    }

    void set(const char *name, const QByteArray &value)
    {
        save(name);
        qputenv(name, value);
    }

    void unset(const char *name)
    {
        save(name);
        qunsetenv(name);
    }

private:
    struct Saved {
        QByteArray name;
        bool wasSet;
        QByteArray value;
    };

    void save(const char *name) { m_saved.append({ name, qEnvironmentVariableIsSet(name), qgetenv(name) }); }

    QList<Saved> m_saved;
};

} // namespace berth::test
