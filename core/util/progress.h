#pragma once

#include <QString>

#include <atomic>

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

    // Asks the operation to stop, from any thread: its waits (a VM's boot, SSH, Docker, QEMU's exit) end
    // at their next look, and it ends as on a failure (a create removes what it made), with
    // ErrorKind::Canceled.
    void cancel() { m_canceled.store(true); }
    bool isCanceled() const { return m_canceled.load(); }

private:
    std::atomic<bool> m_canceled { false };
};

// For callers that do not care.
class NullProgress final : public Progress {
public:
    void step(const QString &) override { }
};

} // namespace berth
