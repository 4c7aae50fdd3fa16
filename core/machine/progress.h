#pragma once

#include <QString>

namespace berth {

// How a long operation reports what it is doing. The CLI prints each step on a line; the GUI shows
// them in its progress log. Called from the thread doing the work.
class Progress {
public:
    virtual ~Progress() = default;
    // A step a user follows ("Copying certs to the remote machine...").
    virtual void step(const QString &message) = 0;
    // A line of detail (a command's output) for a log; the CLI shows it only with --debug.
    virtual void detail(const QString &message) { Q_UNUSED(message) }
};

// For callers that do not care.
class NullProgress final : public Progress {
public:
    void step(const QString &) override { }
};

} // namespace berth
