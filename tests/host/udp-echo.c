/* The test image's UDP server (testhost.sh docker-image): `udp-echo PORT` answers every datagram with itself, until
 * SIGTERM (as a container's first process it would otherwise ignore it). Static, like the image's busybox. */
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void stop(int signal)
{
    (void)signal;
    _exit(0);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: udp-echo PORT\n");
        return 2;
    }
    signal(SIGTERM, stop);
    signal(SIGINT, stop);
    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[1]));
    address.sin_addr.s_addr = htonl(INADDR_ANY);
    if (sock < 0 || bind(sock, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("udp-echo");
        return 1;
    }
    for (;;) {
        char buffer[2048];
        struct sockaddr_in from;
        socklen_t length = sizeof from;
        ssize_t got = recvfrom(sock, buffer, sizeof buffer, 0, (struct sockaddr *)&from, &length);
        if (got < 0) {
            perror("udp-echo");
            return 1;
        }
        sendto(sock, buffer, (size_t)got, 0, (struct sockaddr *)&from, length);
    }
}
