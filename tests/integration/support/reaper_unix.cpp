// What an integration test leaves running when it is killed. ctest ends a test that runs past its timeout with
// SIGKILL, to the test and to the processes it started (found by their parent), but a VM's QEMU and Berth's agent
// daemonize out of that tree: they would go on running beside the rest of the run, a core taken for nothing. So
// every integration test starts a watcher outside its own process tree, before main(). The watcher waits for the
// end of a pipe whose write end only the test holds; when the test is gone, however it ended, it kills every
// process that still names one of the test's temporary folders (QTemporaryDir's default names,
// TMPDIR/<program>-XXXXXX). After a test that cleaned up, that is nothing.

#include <cerrno>
#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// pkill -f reads its pattern as an extended regular expression.
std::string escapedForRegex(const std::string &text)
{
    std::string escaped;
    for (const char c : text) {
        if (std::string("\\^$.|?*+()[]{}").find(c) != std::string::npos)
            escaped += '\\';
        escaped += c;
    }
    return escaped;
}

struct LeftoverReaper {
    LeftoverReaper()
    {
        const char *tmp = std::getenv("TMPDIR");
        std::string folder = tmp && *tmp ? tmp : "/tmp";
        while (folder.size() > 1 && folder.back() == '/')
            folder.pop_back();
        const std::string pattern = escapedForRegex(folder + '/' + program_invocation_short_name + '-');
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            return;
        // Before main(): one thread, so the child may do more than async-signal-safe calls before exec.
        const pid_t child = ::fork();
        if (child == 0) {
            // The watcher is the child's child: ctest kills the test's children, and this one's parent is init.
            if (::fork() != 0)
                ::_exit(0);
            ::setsid();
            ::dup2(fds[0], STDIN_FILENO); // without close-on-exec
            // Not the test's output, which ctest reads until every writer is gone: it would wait for the watcher.
            const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
            if (devNull >= 0) {
                ::dup2(devNull, STDOUT_FILENO);
                ::dup2(devNull, STDERR_FILENO);
            }
            ::setenv("BERTH_TEST_LEFTOVERS", pattern.c_str(), 1);
            // The pattern is in the environment, not in the watcher's own command line, which pkill -f would match.
            ::execl("/bin/sh", "sh", "-c", "read -r _; pkill -KILL -f -- \"$BERTH_TEST_LEFTOVERS\"; exit 0",
                static_cast<char *>(nullptr));
            ::_exit(127);
        }
        ::close(fds[0]);
        if (child > 0) {
            while (::waitpid(child, nullptr, 0) < 0 && errno == EINTR) { }
        }
        // fds[1] stays open, and close-on-exec: the pipe ends when this process ends.
    }
};

const LeftoverReaper leftoverReaper;

} // namespace
