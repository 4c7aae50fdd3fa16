#pragma once

#include "api/operations.h"

#include <QPointer>
#include <QWizardPage>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace berth::ui {

// The create itself: a progress bar and the engine's steps as they come. Cancel (the wizard's) stops the
// work, which removes what it made; a failure shows what failed, the last lines of the log and the VM's
// console (in the engine's message), with Retry, Delete and retry, and Close.
class CreatePage final : public QWizardPage {
    Q_OBJECT
public:
    explicit CreatePage(QWidget *parent = nullptr);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;

    Operation *operation() const { return m_operation; }
    bool isRunning() const;
    // Asks the create to stop; the wizard closes once it has (a canceled create leaves nothing).
    void cancel();

    QPushButton *retryButton() const { return m_retry; }
    QPushButton *deleteAndRetryButton() const { return m_deleteAndRetry; }
    QPushButton *closeButton() const { return m_close; }
    QLabel *errorLabel() const { return m_error; }
    QPlainTextEdit *log() const { return m_log; }

Q_SIGNALS:
    void canceled();

private:
    void begin();
    void startCreate();
    void finished(bool ok, const Error &error);
    void deleteAndRetry();
    void showFailureButtons(bool visible);

    QProgressBar *m_progress;
    QLabel *m_stepLabel;
    QPlainTextEdit *m_log;
    QLabel *m_error;
    QPushButton *m_retry;
    QPushButton *m_deleteAndRetry;
    QPushButton *m_close;
    QPointer<Operation> m_operation;
    bool m_done = false;
    bool m_closeWhenDone = false;
    int m_steps = 0;
};

} // namespace berth::ui
