# Berth: a login shell (`berth ssh NAME` without a command) gets the same PATH as sshd's SetEnv
# gives commands (sshd_config.d/berth.conf); /etc/profile sets one without sbin for users but root.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
