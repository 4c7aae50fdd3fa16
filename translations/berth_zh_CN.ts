<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>berth</name>
    <message>
        <source>The engine options stored for &quot;%1&quot; cannot be used: %2
Correct HostOptions.EngineOptions in its config.json.</source>
        <translation>为 &quot;%1&quot; 保存的引擎选项无法使用：%2
请修改其 config.json 中的 HostOptions.EngineOptions。</translation>
    </message>
    <message>
        <source>Machine &quot;%1&quot; is already stopped.</source>
        <translation>机器 &quot;%1&quot; 已经停止。</translation>
    </message>
    <message>
        <source>Host is not running</source>
        <translation>主机未在运行</translation>
    </message>
    <message>
        <source>Creating</source>
        <translation>正在创建</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>Restarting</source>
        <translation>正在重启</translation>
    </message>
    <message>
        <source>Killing</source>
        <translation>正在强行终止</translation>
    </message>
    <message>
        <source>Removing</source>
        <translation>正在删除</translation>
    </message>
    <message>
        <source>Provisioning</source>
        <translation>正在配置</translation>
    </message>
    <message>
        <source>Regenerating certificates</source>
        <translation>正在重新生成证书</translation>
    </message>
    <message>
        <source>Upgrading</source>
        <translation>正在升级</translation>
    </message>
    <message>
        <source>no address</source>
        <translation>无地址</translation>
    </message>
    <message>
        <source>Regenerate the machine&apos;s certificates.</source>
        <translation>请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The engine&apos;s certificate at %1 expired on %2. %3 If it is not that old, check this computer&apos;s clock.</source>
        <translation>%1 处引擎的证书已于 %2 过期。%3 如果证书并没有那么旧，请检查本机的时钟。</translation>
    </message>
    <message>
        <source>The engine&apos;s certificate at %1 is not valid before %2: this computer&apos;s clock (or the one of the computer that made the certificate) is wrong. Correct the clock; if it is right, regenerate the machine&apos;s certificates.</source>
        <translation>%1 处引擎的证书在 %2 之前无效：这台计算机的时钟（或生成该证书的计算机的时钟）不正确。请校正时钟；如果时钟无误，请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The engine&apos;s certificate at %1 is not for this address: it names %2. The machine&apos;s address has changed, or the URL reaches another engine. %3</source>
        <translation>%1 处引擎的证书不是为此地址签发的：它写的是 %2。机器的地址已改变，或该 URL 指向了另一个引擎。%3</translation>
    </message>
    <message>
        <source>The engine at %1 presents a certificate that this store&apos;s CA did not sign (%2). %3 If the machine uses a CA of another store, use that store.</source>
        <translation>%1 处的引擎出示的证书不是由此存储的 CA 签发的（%2）。%3 如果该机器使用另一个存储的 CA，请改用那个存储。</translation>
    </message>
    <message>
        <source>The engine at %1 refused this store&apos;s client certificate (%2): the engine trusts another CA. %3</source>
        <translation>%1 处的引擎拒绝了本存储的客户端证书（%2）：该引擎信任的是另一个 CA。%3</translation>
    </message>
    <message>
        <source>Cannot read %1: %2. Regenerate the machine&apos;s certificates.</source>
        <translation>无法读取 %1：%2。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>%1 is not a PEM %2 (%3). Regenerate the machine&apos;s certificates.</source>
        <translation>%1 不是 PEM 格式的%2（%3）。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>private key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <source>The key %1 does not belong to the certificate %2. Regenerate the machine&apos;s certificates.</source>
        <translation>密钥 %1 与证书 %2 不匹配。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>Machines of the %1 driver run a system Berth did not install: upgrade Docker there with the host&apos;s package manager, then provision the machine again.</source>
        <translation>%1 驱动的机器运行的系统不是 Berth 安装的：请在那里用主机的包管理器升级 Docker，然后重新配置该机器。</translation>
    </message>
    <message>
        <source>Machines of the %1 driver are not reached over SSH.</source>
        <translation>%1 驱动的机器不通过 SSH 访问。</translation>
    </message>
    <message>
        <source>Machines of the %1 driver keep published ports on their own address.</source>
        <translation>%1 驱动的机器将发布的端口保留在其自身地址上。</translation>
    </message>
    <message>
        <source>%1 must be a whole number from %2 to %3, not &quot;%4&quot;.</source>
        <translation>%1 必须是 %2 到 %3 之间的整数，而不是 &quot;%4&quot;。</translation>
    </message>
    <message>
        <source>%1 must be a whole number from %2 to %3 (%4), not &quot;%5&quot;.</source>
        <translation>%1 必须是 %2 到 %3 之间的整数（%4），而不是 &quot;%5&quot;。</translation>
    </message>
    <message>
        <source>The machine &quot;%1&quot; has no IP address.</source>
        <translation>机器 &quot;%1&quot; 没有 IP 地址。</translation>
    </message>
    <message>
        <source>Driver.%1 must be text without control characters, not %2.</source>
        <translation>Driver.%1 必须是不含控制字符的文本，而不是 %2。</translation>
    </message>
    <message>
        <source>Driver.%1 &quot;%2&quot; is not an absolute path.</source>
        <translation>Driver.%1 &quot;%2&quot; 不是绝对路径。</translation>
    </message>
    <message>
        <source>Driver.%1 must be true or false, not %2.</source>
        <translation>Driver.%1 必须是 true 或 false，而不是 %2。</translation>
    </message>
    <message>
        <source>Driver.%1 must be a whole number from %2 to %3, not %4.</source>
        <translation>Driver.%1 必须是 %2 到 %3 之间的整数，而不是 %4。</translation>
    </message>
    <message>
        <source>Driver.IPAddress &quot;%1&quot; is not an IP address or host name.</source>
        <translation>Driver.IPAddress &quot;%1&quot; 不是 IP 地址或主机名。</translation>
    </message>
    <message>
        <source>Driver.MachineName &quot;%1&quot; is not the machine&apos;s name &quot;%2&quot;.</source>
        <translation>Driver.MachineName &quot;%1&quot; 与机器名 &quot;%2&quot; 不符。</translation>
    </message>
    <message>
        <source>Driver.SSHUser &quot;%1&quot; is not a valid user name.</source>
        <translation>Driver.SSHUser &quot;%1&quot; 不是有效的用户名。</translation>
    </message>
    <message>
        <source>IP Address of machine</source>
        <translation>机器的 IP 地址</translation>
    </message>
    <message>
        <source>SSH user</source>
        <translation>SSH 用户</translation>
    </message>
    <message>
        <source>SSH private key path (if not provided, ~/.ssh/id_ed25519, id_ecdsa or id_rsa)</source>
        <translation>SSH 私钥路径（未指定时依次使用 ~/.ssh/id_ed25519、id_ecdsa 或 id_rsa）</translation>
    </message>
    <message>
        <source>SSH port</source>
        <translation>SSH 端口</translation>
    </message>
    <message>
        <source>Docker engine port</source>
        <translation>Docker 引擎端口</translation>
    </message>
    <message>
        <source>size of memory for the machine in MB (with dynamic memory: the most it gets)</source>
        <translation>机器的内存大小，单位 MB（使用动态内存时为其可得内存的上限）</translation>
    </message>
    <message>
        <source>the virtual switch the VM is on (default: the Default Switch, else the first External one)</source>
        <translation>虚拟机所连接的虚拟交换机（默认：Default Switch，没有则用第一个外部虚拟交换机）</translation>
    </message>
    <message>
        <source>a static MAC address for the VM&apos;s network adapter, 12 hexadecimal digits (default: Hyper-V&apos;s dynamic one)</source>
        <translation>虚拟机网络适配器的静态 MAC 地址，12 位十六进制数字（默认：由 Hyper-V 动态分配）</translation>
    </message>
    <message>
        <source>give the VM all of its memory at once (no dynamic memory)</source>
        <translation>一次性为虚拟机分配全部内存（不使用动态内存）</translation>
    </message>
    <message>
        <source>seconds a PowerShell command may take before Berth stops it</source>
        <translation>Berth 终止 PowerShell 命令前允许其运行的秒数</translation>
    </message>
    <message>
        <source>the VLAN the VM&apos;s network adapter is on (0: none)</source>
        <translation>虚拟机网络适配器所在的 VLAN（0：无）</translation>
    </message>
    <message>
        <source>the Windows account (COMPUTER\user, DOMAIN\user or a Microsoft account&apos;s e-mail) the VM mounts the shared folder as, over SMB; its password is read from HYPERV_SHARE_PASSWORD and kept in the keychain (default: nothing shared)</source>
        <translation>虚拟机通过 SMB 挂载共享文件夹时使用的 Windows 账户（COMPUTER\user、DOMAIN\user 或 Microsoft 账户的电子邮件地址）；其密码从 HYPERV_SHARE_PASSWORD 读取并保存在钥匙串中（默认：不共享）</translation>
    </message>
    <message>
        <source>the folder shared into the VM at the same path, with --hyperv-share-user (default: your home)</source>
        <translation>以相同路径共享到虚拟机中的文件夹，需配合 --hyperv-share-user（默认：你的主目录）</translation>
    </message>
    <message>
        <source>seconds stop waits for the guest to shut down before it turns the VM off</source>
        <translation>stop 等待客户机关机的秒数，超时则直接关闭虚拟机电源</translation>
    </message>
    <message>
        <source>docker-machine&apos;s boot2docker ISO: not taken</source>
        <translation>docker-machine 的 boot2docker ISO：不支持</translation>
    </message>
    <message>
        <source>%1 is docker-machine&apos;s: Berth&apos;s Hyper-V machines boot Berth&apos;s own VM image, not boot2docker. Leave it out (%2 names another Berth image).</source>
        <translation>%1 是 docker-machine 的参数：Berth 的 Hyper-V 机器启动的是 Berth 自己的虚拟机镜像，而不是 boot2docker。请去掉它（可用 %2 指定其他 Berth 镜像）。</translation>
    </message>
    <message>
        <source>number of CPUs for the machine</source>
        <translation>机器的 CPU 数量</translation>
    </message>
    <message>
        <source>size of memory for the machine (in MB)</source>
        <translation>机器的内存大小（MB）</translation>
    </message>
    <message>
        <source>size of the data disk (Docker&apos;s images, containers, volumes) in MB</source>
        <translation>数据盘大小（存放 Docker 的镜像、容器和卷），单位 MB</translation>
    </message>
    <message>
        <source>seconds to wait for the VM to answer SSH</source>
        <translation>等待虚拟机响应 SSH 的秒数</translation>
    </message>
    <message>
        <source>folder of the Berth VM image (default: the newest one cached)</source>
        <translation>Berth 虚拟机镜像所在的文件夹（默认：缓存中最新的镜像）</translation>
    </message>
    <message>
        <source>do not share a host folder into the VM</source>
        <translation>不向虚拟机共享主机文件夹</translation>
    </message>
    <message>
        <source>publish containers&apos; ports on every network interface of this computer, not on its loopback only (whoever reaches this computer reaches them)</source>
        <translation>在本机的所有网络接口上发布容器的端口，而不只是回环接口（能访问本机的人都能访问它们）</translation>
    </message>
    <message>
        <source>URL of host when no driver is selected</source>
        <translation>未选择驱动时主机的 URL</translation>
    </message>
    <message>
        <source>path of qemu-system (default: found on the PATH)</source>
        <translation>qemu-system 的路径（默认：在 PATH 中查找）</translation>
    </message>
    <message>
        <source>host folder shared into the VM at the same path (default: your home)</source>
        <translation>以相同路径共享给虚拟机的主机文件夹（默认：你的主目录）</translation>
    </message>
    <message>
        <source>virtiofs or 9p: how the folder is shared (default: virtiofs where virtiofsd acts as each user of the VM: when Berth runs as root, or virtiofsd is 1.11 or later; else 9p)</source>
        <translation>virtiofs 或 9p：文件夹的共享方式（默认：virtiofsd 能以虚拟机的每个用户身份操作时用 virtiofs，即 Berth 以 root 运行，或 virtiofsd 为 1.11 及以后版本；否则用 9p）</translation>
    </message>
    <message>
        <source>path of virtiofsd (default: found on the PATH, then where Linux distributions install it)</source>
        <translation>virtiofsd 的路径（默认：先在 PATH 中查找，再到各 Linux 发行版的安装位置查找）</translation>
    </message>
    <message>
        <source>local port forwarded to the VM&apos;s SSH (default: a free one)</source>
        <translation>转发到虚拟机 SSH 的本地端口（默认：任一空闲端口）</translation>
    </message>
    <message>
        <source>local port forwarded to the VM&apos;s Docker TLS port (default: a free one)</source>
        <translation>转发到虚拟机 Docker TLS 端口的本地端口（默认：任一空闲端口）</translation>
    </message>
    <message>
        <source>number of CPUs for the machine (-1 to use the number of CPUs available)</source>
        <translation>机器的 CPU 数量（-1 表示使用本机可用的全部 CPU）</translation>
    </message>
    <message>
        <source>seconds a VBoxManage command may take before Berth stops it</source>
        <translation>Berth 终止 VBoxManage 命令前允许其运行的秒数</translation>
    </message>
    <message>
        <source>seconds stop waits for the VM to power down after its ACPI power button before it powers it off</source>
        <translation>按下虚拟机的 ACPI 电源按钮后，stop 等待其关机的秒数，超时则直接关闭电源</translation>
    </message>
    <message>
        <source>this computer&apos;s address and prefix on the host-only network</source>
        <translation>本机在仅主机网络上的地址和前缀长度</translation>
    </message>
    <message>
        <source>the host-only network adapter&apos;s type</source>
        <translation>仅主机网络适配器的类型</translation>
    </message>
    <message>
        <source>the NAT network adapter&apos;s type</source>
        <translation>NAT 网络适配器的类型</translation>
    </message>
    <message>
        <source>host folder shared into the VM at the same path (default: your home); DIR:NAME shares it at /NAME</source>
        <translation>以相同路径共享给虚拟机的主机文件夹（默认：你的主目录）；DIR:NAME 则将其共享到 /NAME</translation>
    </message>
    <message>
        <source>do not check for VT-x/AMD-V (and, on Windows, Hyper-V) before the VM is created</source>
        <translation>创建虚拟机前不检查 VT-x/AMD-V（在 Windows 上还有 Hyper-V）</translation>
    </message>
    <message>
        <source>how VirtualBox shows the VM: headless, gui, sdl or separate</source>
        <translation>VirtualBox 显示虚拟机的方式：headless、gui、sdl 或 separate</translation>
    </message>
    <message>
        <source>%1 is docker-machine&apos;s: Berth&apos;s VirtualBox machines boot Berth&apos;s own VM image, not boot2docker. Leave it out (%2 names another Berth image).</source>
        <translation>%1 是 docker-machine 的参数：Berth 的 VirtualBox 机器启动的是 Berth 自己的虚拟机镜像，而不是 boot2docker。请去掉它（可用 %2 指定其他 Berth 镜像）。</translation>
    </message>
    <message>
        <source>docker-machine&apos;s import of a boot2docker VM: not taken</source>
        <translation>docker-machine 的 boot2docker 虚拟机导入：不支持</translation>
    </message>
    <message>
        <source>%1 is docker-machine&apos;s: Berth does not import boot2docker VMs (a machine docker-machine made is driven as it is). Leave it out.</source>
        <translation>%1 是 docker-machine 的参数：Berth 不导入 boot2docker 虚拟机（docker-machine 创建的机器会按原样管理）。请去掉它。</translation>
    </message>
    <message>
        <source>docker-machine&apos;s host DNS resolver: not taken</source>
        <translation>docker-machine 的主机 DNS 解析器：不支持</translation>
    </message>
    <message>
        <source>%1 is docker-machine&apos;s: Berth&apos;s VMs resolve names through VirtualBox&apos;s DNS proxy, as docker-machine&apos;s did by default. Leave it out.</source>
        <translation>%1 是 docker-machine 的参数：Berth 的虚拟机通过 VirtualBox 的 DNS 代理解析名称，与 docker-machine 的默认做法相同。请去掉它。</translation>
    </message>
    <message>
        <source>docker-machine&apos;s promiscuous mode: only deny is taken</source>
        <translation>docker-machine 的混杂模式：只接受 deny</translation>
    </message>
    <message>
        <source>%1 is docker-machine&apos;s: Berth&apos;s host-only adapter sees the VM&apos;s own traffic only (deny). Leave it out.</source>
        <translation>%1 是 docker-machine 的参数：Berth 的仅主机适配器只接收虚拟机自己的流量（deny）。请去掉它。</translation>
    </message>
    <message>
        <source>docker-machine&apos;s host-only network without DHCP: not taken</source>
        <translation>docker-machine 的无 DHCP 仅主机网络：不支持</translation>
    </message>
    <message>
        <source>%1 is docker-machine&apos;s: Berth&apos;s VMs get their address on the host-only network from VirtualBox&apos;s DHCP server. Leave it out.</source>
        <translation>%1 是 docker-machine 的参数：Berth 的虚拟机从 VirtualBox 的 DHCP 服务器获取其在仅主机网络上的地址。请去掉它。</translation>
    </message>
    <message>
        <source>docker-machine&apos;s DNS without the proxy: not taken</source>
        <translation>docker-machine 的不经代理的 DNS：不支持</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is none of %3.</source>
        <translation>%1 &quot;%2&quot; 不是 %3 中的任何一个。</translation>
    </message>
    <message>
        <source>HostOptions.AuthOptions.%1 &quot;%2&quot; is not an absolute path.</source>
        <translation>HostOptions.AuthOptions.%1 &quot;%2&quot; 不是绝对路径。</translation>
    </message>
    <message>
        <source>HostOptions.AuthOptions.ServerCertSANs holds &quot;%1&quot;, which is not an IP address or host name.</source>
        <translation>HostOptions.AuthOptions.ServerCertSANs 中的 &quot;%1&quot; 不是 IP 地址或主机名。</translation>
    </message>
    <message>
        <source>A machine name cannot be empty.</source>
        <translation>机器名不能为空。</translation>
    </message>
    <message>
        <source>The machine name is %1 characters long; at most %2 are allowed (the machine&apos;s host name).</source>
        <translation>机器名长 %1 个字符；最多允许 %2 个（它会成为机器的主机名）。</translation>
    </message>
    <message>
        <source>Invalid machine name &quot;%1&quot;. Allowed characters are 0-9, a-z, A-Z, &apos;.&apos; and &apos;-&apos;, and it must start with a letter or a digit.</source>
        <translation>无效的机器名 &quot;%1&quot;。允许的字符为 0-9、a-z、A-Z、&apos;.&apos; 和 &apos;-&apos;，且必须以字母或数字开头。</translation>
    </message>
    <message>
        <source>The machine name &quot;%1&quot; cannot be a folder&apos;s name here: %2. Choose another name.</source>
        <translation>机器名 &quot;%1&quot; 在此系统上不能用作文件夹名：%2。请换一个名字。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; contains a control character or line break, which would add lines to the engine&apos;s configuration on the host. Remove it.</source>
        <translation>%1 &quot;%2&quot; 含有控制字符或换行符，会在主机上的引擎配置中多出几行。请将其去掉。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; cannot be empty or contain spaces, quotes, &apos;$&apos; or &apos;\&apos;.</source>
        <translation>%1 &quot;%2&quot; 不能为空，也不能含有空格、引号、&apos;$&apos; 或 &apos;\&apos;。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a storage driver name.</source>
        <translation>%1 &quot;%2&quot; 不是存储驱动的名称。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; must be NAME=value.</source>
        <translation>%1 &quot;%2&quot; 必须是 NAME=value 的形式。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; contains &apos;%3&apos;, which the host&apos;s init script would read as shell syntax (it passes the engine&apos;s options through the shell unquoted). Leave it out on this host, or use a host with systemd.</source>
        <translation>%1 &quot;%2&quot; 含有 &apos;%3&apos;，主机的 init 脚本会把它当作 shell 语法（该脚本未加引号地把引擎选项交给 shell）。请在此主机上去掉它，或使用带 systemd 的主机。</translation>
    </message>
    <message>
        <source>The system keychain could not store the secret for %1: %2</source>
        <translation>系统钥匙串无法保存 %1 的凭据：%2</translation>
    </message>
    <message>
        <source>The system keychain could not read the secret for %1: %2</source>
        <translation>系统钥匙串无法读取 %1 的凭据：%2</translation>
    </message>
    <message>
        <source>The system keychain could not remove the secret for %1: %2</source>
        <translation>系统钥匙串无法删除 %1 的凭据：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; holds a line break or control character, which no shell&apos;s environment line can carry. Choose a storage path without it.</source>
        <translation>&quot;%1&quot; 含有换行符或控制字符，任何 shell 的环境变量行都无法容纳。请选择不含这些字符的存储路径。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains &apos;%2&apos;, which cmd cannot be given safely. Use PowerShell (--shell powershell), or a storage path without it.</source>
        <translation>&quot;%1&quot; 含有 &apos;%2&apos;，无法安全地交给 cmd。请使用 PowerShell（--shell powershell），或不含该字符的存储路径。</translation>
    </message>
    <message>
        <source>You can further specify your shell with either &apos;cmd&apos; or &apos;powershell&apos; with the --shell flag.

</source>
        <translation>你可以用 --shell 参数进一步指定 shell 为 &apos;cmd&apos; 或 &apos;powershell&apos;。

</translation>
    </message>
    <message>
        <source>Error: Unknown shell. Name it with --shell (bash, zsh, fish, powershell, cmd, tcsh or emacs).</source>
        <translation>错误：未知的 shell。请用 --shell 指定（bash、zsh、fish、powershell、cmd、tcsh 或 emacs）。</translation>
    </message>
    <message>
        <source>Error: Unknown shell: the running processes cannot be listed (%1). Name it with --shell (cmd or powershell).</source>
        <translation>错误：未知的 shell：无法列出正在运行的进程（%1）。请用 --shell 指定（cmd 或 powershell）。</translation>
    </message>
    <message>
        <source>OpenSSH would read &quot;${&quot; in %1 as an environment variable. Use Berth&apos;s built-in SSH client, or a store folder without &quot;${&quot;.</source>
        <translation>OpenSSH 会把 %1 中的 &quot;${&quot; 当作环境变量读取。请使用 Berth 内置的 SSH 客户端，或不含 &quot;${&quot; 的存储文件夹。</translation>
    </message>
    <message>
        <source>Cannot export the public half of the SSH key.</source>
        <translation>无法导出 SSH 密钥的公钥部分。</translation>
    </message>
    <message>
        <source>No SSH key file was given. Give the path of a private key.</source>
        <translation>未指定 SSH 密钥文件。请给出私钥的路径。</translation>
    </message>
    <message>
        <source>The SSH key file %1 does not exist. Check the path of the private key.</source>
        <translation>SSH 密钥文件 %1 不存在。请检查私钥的路径。</translation>
    </message>
    <message>
        <source>The SSH key file %1 cannot be read. Check that it is a file you own with mode 0600.</source>
        <translation>无法读取 SSH 密钥文件 %1。请检查它是否为你所有、权限为 0600 的文件。</translation>
    </message>
    <message>
        <source>The SSH key file %1 is protected by a passphrase. Berth needs a key without one: use another key, or remove the passphrase with `ssh-keygen -p -f %1`.</source>
        <translation>SSH 密钥文件 %1 受密码短语保护。Berth 需要不带密码短语的密钥：请换用其他密钥，或用 `ssh-keygen -p -f %1` 去掉密码短语。</translation>
    </message>
    <message>
        <source>The file %1 is not a private SSH key Berth can read. Use an RSA, ECDSA or Ed25519 key in OpenSSH or PEM format.</source>
        <translation>文件 %1 不是 Berth 能读取的 SSH 私钥。请使用 OpenSSH 或 PEM 格式的 RSA、ECDSA 或 Ed25519 密钥。</translation>
    </message>
    <message>
        <source>%1 already exists. Berth does not overwrite keys: choose another path or move that file away.</source>
        <translation>%1 已存在。Berth 不会覆盖密钥：请选择其他路径，或把该文件移走。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1. Check that you may write there.</source>
        <translation>无法创建文件夹 %1。请检查你是否有写入权限。</translation>
    </message>
    <message>
        <source>Cannot generate an RSA key pair (libssh failed).</source>
        <translation>无法生成 RSA 密钥对（libssh 出错）。</translation>
    </message>
    <message>
        <source>Cannot export the new private key (libssh failed).</source>
        <translation>无法导出新的私钥（libssh 出错）。</translation>
    </message>
    <message>
        <source>Cannot create %1: %2.</source>
        <translation>无法创建 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
    <message>
        <source>The connection to %1 was refused. Check the SSH port (%2) and that sshd runs on the host.</source>
        <translation>到 %1 的连接被拒绝。请检查 SSH 端口（%2），以及主机上的 sshd 是否在运行。</translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s. Check the address, that the host is running and that no firewall blocks port %3.</source>
        <translation>%1 在 %2 秒内没有响应。请检查地址、主机是否在运行，以及是否有防火墙阻挡了端口 %3。</translation>
    </message>
    <message>
        <source>%1 cannot be reached (%2). Check the address and this computer&apos;s network connection.</source>
        <translation>无法访问 %1（%2）。请检查地址和本机的网络连接。</translation>
    </message>
    <message>
        <source>The host name %1 cannot be resolved (%2). Check the name, or use the IP address.</source>
        <translation>无法解析主机名 %1（%2）。请检查名称，或改用 IP 地址。</translation>
    </message>
    <message>
        <source>Cannot open an SSH connection to %1: %2. Check that an SSH server answers on that port.</source>
        <translation>无法建立到 %1 的 SSH 连接：%2。请检查该端口上是否有 SSH 服务器在响应。</translation>
    </message>
    <message>
        <source>No host address was given for the SSH connection.</source>
        <translation>未给出 SSH 连接的主机地址。</translation>
    </message>
    <message>
        <source>No known_hosts file was given for %1; the host key cannot be checked.</source>
        <translation>未给出 %1 的 known_hosts 文件；无法检查主机密钥。</translation>
    </message>
    <message>
        <source>Cannot start an SSH session (out of memory).</source>
        <translation>无法启动 SSH 会话（内存不足）。</translation>
    </message>
    <message>
        <source>Cannot set up the SSH connection to %1: %2.</source>
        <translation>无法设置到 %1 的 SSH 连接：%2。</translation>
    </message>
    <message>
        <source>%1 sent no host key: %2.</source>
        <translation>%1 没有发送主机密钥：%2。</translation>
    </message>
    <message>
        <source>Cannot record the host key of %1 in %2: %3.</source>
        <translation>无法将 %1 的主机密钥记录到 %2：%3。</translation>
    </message>
    <message>
        <source>The host key of %1 has changed: it is now %2, which is not the key recorded in %3. Someone may be intercepting the connection, so Berth refuses it. If the host was really reinstalled, delete %3 (or the line for %1 in it) and try again.</source>
        <translation>%1 的主机密钥已改变：现在是 %2，与 %3 中记录的密钥不符。可能有人在拦截连接，因此 Berth 拒绝连接。如果该主机确实重装过，请删除 %3（或其中 %1 的那一行）后重试。</translation>
    </message>
    <message>
        <source>Cannot check the host key of %1 against %2: %3.</source>
        <translation>无法用 %2 检查 %1 的主机密钥：%3。</translation>
    </message>
    <message>
        <source>The host refused the SSH key %1 for user %2. Check that its public key is in ~%2/.ssh/authorized_keys on the host.</source>
        <translation>主机拒绝了用户 %2 的 SSH 密钥 %1。请检查其公钥是否在主机上的 ~%2/.ssh/authorized_keys 中。</translation>
    </message>
    <message>
        <source>The host accepted the SSH key %1 for user %2 but asks for more (such as a password). Berth signs in with the key only: allow key authentication alone for this user.</source>
        <translation>主机接受了用户 %2 的 SSH 密钥 %1，但还要求更多认证（例如密码）。Berth 只用密钥登录：请允许该用户仅凭密钥认证。</translation>
    </message>
    <message>
        <source>Signing in to %1 as %2 failed: %3.</source>
        <translation>以 %2 身份登录 %1 失败：%3。</translation>
    </message>
    <message>
        <source>exit code %1</source>
        <translation>退出码 %1</translation>
    </message>
    <message>
        <source>Cannot write %1 on %2: %3.</source>
        <translation>无法在 %2 上写入 %1：%3。</translation>
    </message>
    <message>
        <source>The SSH connection to %1 was lost: %2.</source>
        <translation>到 %1 的 SSH 连接已断开：%2。</translation>
    </message>
    <message>
        <source>Not connected over SSH. Connect first.</source>
        <translation>尚未通过 SSH 连接。请先连接。</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>没有该文件或文件夹</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>it already exists</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>the file system is read-only</source>
        <translation>文件系统为只读</translation>
    </message>
    <message>
        <source>no medium</source>
        <translation>没有介质</translation>
    </message>
    <message>
        <source>%1 does not offer SFTP (%2). Check that its sshd_config has a Subsystem sftp line.</source>
        <translation>%1 不提供 SFTP（%2）。请检查其 sshd_config 中是否有 Subsystem sftp 一行。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot create %1 on %2: %3.</source>
        <translation>无法在 %2 上创建 %1：%3。</translation>
    </message>
    <message>
        <source>Cannot set the mode of %1 on %2: %3.</source>
        <translation>无法设置 %2 上 %1 的权限：%3。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 on %2: %3.</source>
        <translation>无法在 %2 上创建文件夹 %1：%3。</translation>
    </message>
    <message>
        <source>%1 does not exist. Check the path.</source>
        <translation>%1 不存在。请检查路径。</translation>
    </message>
    <message>
        <source>%1 is a directory (use -r).</source>
        <translation>%1 是目录（请使用 -r）。</translation>
    </message>
    <message>
        <source>%1 is neither a file nor a directory; only those can be copied.</source>
        <translation>%1 既不是文件也不是目录；只能复制这两种。</translation>
    </message>
    <message>
        <source>Cannot read %1 on %2: %3.</source>
        <translation>无法读取 %2 上的 %1：%3。</translation>
    </message>
    <message>
        <source>Cannot list the folder %1 on %2: %3.</source>
        <translation>无法列出 %2 上的文件夹 %1：%3。</translation>
    </message>
    <message>
        <source>Cannot copy %1 from %2: %3.</source>
        <translation>无法从 %2 复制 %1：%3。</translation>
    </message>
    <message>
        <source>no detail from OpenSSL</source>
        <translation>OpenSSL 未给出详情</translation>
    </message>
    <message>
        <source>The %1 %2 does not exist. Check the path, or regenerate the machine&apos;s certificates.</source>
        <translation>%1 %2 不存在。请检查路径，或重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>Cannot read the %1 %2: %3. Check that you may read it.</source>
        <translation>无法读取 %1 %2：%3。请检查你是否有读取权限。</translation>
    </message>
    <message>
        <source>The %1 %2 is too large to be a PEM file. Check the path.</source>
        <translation>%1 %2 太大，不可能是 PEM 文件。请检查路径。</translation>
    </message>
    <message>
        <source>The %1 %2 is not a PEM certificate (%3). Regenerate the machine&apos;s certificates.</source>
        <translation>%1 %2 不是 PEM 证书（%3）。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The %1 %2 is protected by a passphrase. Berth needs an unencrypted key; regenerate the machine&apos;s certificates.</source>
        <translation>%1 %2 受密码短语保护。Berth 需要未加密的密钥；请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The %1 %2 is not a PEM private key (%3). Regenerate the machine&apos;s certificates.</source>
        <translation>%1 %2 不是 PEM 私钥（%3）。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The certificate organization is empty. Give a name (usually your user name).</source>
        <translation>证书的组织名为空。请给出一个名称（通常是你的用户名）。</translation>
    </message>
    <message>
        <source>The certificate organization &quot;%1&quot; is longer than %2 bytes. Give a shorter name.</source>
        <translation>证书的组织名 &quot;%1&quot; 超过了 %2 字节。请给出更短的名称。</translation>
    </message>
    <message>
        <source>No path was given for the new certificate or key. This is a bug in Berth; please report it.</source>
        <translation>未给出新证书或密钥的路径。这是 Berth 的缺陷，请报告它。</translation>
    </message>
    <message>
        <source>The certificate and its key would both be written to %1. Give them different paths.</source>
        <translation>证书和它的密钥会被写到同一个文件 %1。请给它们不同的路径。</translation>
    </message>
    <message>
        <source>Cannot generate an RSA key: %1. Check the OpenSSL installation.</source>
        <translation>无法生成 RSA 密钥：%1。请检查 OpenSSL 的安装。</translation>
    </message>
    <message>
        <source>Cannot build the certificate (%1): %2. Check the OpenSSL installation.</source>
        <translation>无法生成证书（%1）：%2。请检查 OpenSSL 的安装。</translation>
    </message>
    <message>
        <source>Cannot encode the new certificate or key as PEM: %1.</source>
        <translation>无法将新的证书或密钥编码为 PEM：%1。</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>CA 证书</translation>
    </message>
    <message>
        <source>CA key</source>
        <translation>CA 密钥</translation>
    </message>
    <message>
        <source>The certificate %1 is not a CA certificate, so it cannot sign others. Regenerate the machine&apos;s certificates.</source>
        <translation>证书 %1 不是 CA 证书，不能为其他证书签名。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The CA key %1 does not belong to the CA certificate %2. Regenerate the machine&apos;s certificates.</source>
        <translation>CA 密钥 %1 与 CA 证书 %2 不匹配。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The server certificate %1 has expired. Regenerate the machine&apos;s certificates.</source>
        <translation>服务器证书 %1 已过期。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The server certificate %1 is not valid yet. Check this computer&apos;s clock, or regenerate the machine&apos;s certificates.</source>
        <translation>服务器证书 %1 尚未生效。请检查本机的时钟，或重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The server certificate %1 was not signed by the CA %2. Regenerate the machine&apos;s certificates.</source>
        <translation>服务器证书 %1 不是由 CA %2 签发的。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The certificate %1 is not meant for a server (it lacks TLS server authentication). Regenerate the machine&apos;s certificates.</source>
        <translation>证书 %1 不是供服务器使用的（缺少 TLS 服务器身份验证用途）。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The server certificate %1 does not verify against the CA %2: %3. Regenerate the machine&apos;s certificates.</source>
        <translation>服务器证书 %1 无法通过 CA %2 的验证：%3。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is neither an IP address nor a DNS name, so it cannot go into the server certificate. Check the machine&apos;s address.</source>
        <translation>&quot;%1&quot; 既不是 IP 地址也不是 DNS 名称，不能写入服务器证书。请检查机器的地址。</translation>
    </message>
    <message>
        <source>A server certificate needs at least one IP address or DNS name. Check that the machine has an address.</source>
        <translation>服务器证书至少需要一个 IP 地址或 DNS 名称。请检查机器是否有地址。</translation>
    </message>
    <message>
        <source>server certificate</source>
        <translation>服务器证书</translation>
    </message>
    <message>
        <source>Cannot set up certificate verification: %1. Check the OpenSSL installation.</source>
        <translation>无法设置证书验证：%1。请检查 OpenSSL 的安装。</translation>
    </message>
    <message>
        <source>The server certificate %1 does not name %2. Regenerate the machine&apos;s certificates.</source>
        <translation>服务器证书 %1 中没有 %2。请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>Cannot open the lock file %1: %2.</source>
        <translation>无法打开锁文件 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot lock %1: %2.</source>
        <translation>无法锁定 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot open the lock file %1 (error %2).</source>
        <translation>无法打开锁文件 %1（错误 %2）。</translation>
    </message>
    <message>
        <source>Cannot lock %1 (error %2).</source>
        <translation>无法锁定 %1（错误 %2）。</translation>
    </message>
    <message>
        <source>Windows drops a dot or a space at the end of a file name</source>
        <translation>Windows 会去掉文件名末尾的点或空格</translation>
    </message>
    <message>
        <source>%1 is the name of a device on Windows</source>
        <translation>%1 在 Windows 上是设备名</translation>
    </message>
    <message>
        <source>The volume name &quot;%1&quot; cannot label a seed image: use 1 to %2 ASCII letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>卷标 &quot;%1&quot; 不能用于种子镜像：请使用 1 到 %2 个 ASCII 字母、数字、&apos;_&apos; 或 &apos;-&apos;。</translation>
    </message>
    <message>
        <source>The file name &quot;%1&quot; is too long for a seed image: it has %2 characters, at most %3 fit.</source>
        <translation>文件名 &quot;%1&quot; 对种子镜像来说太长：它有 %2 个字符，最多只能有 %3 个。</translation>
    </message>
    <message>
        <source>The file name &quot;%1&quot; cannot go into a seed image: use ASCII letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>文件名 &quot;%1&quot; 不能放入种子镜像：请使用 ASCII 字母、数字、&apos;.&apos;、&apos;_&apos; 或 &apos;-&apos;。</translation>
    </message>
    <message>
        <source>The file name &quot;%1&quot; appears twice in the seed image.</source>
        <translation>文件名 &quot;%1&quot; 在种子镜像中出现了两次。</translation>
    </message>
    <message>
        <source>The file &quot;%1&quot; is too large for a seed image: %2 bytes, at most %3 fit.</source>
        <translation>文件 &quot;%1&quot; 对种子镜像来说太大：%2 字节，最多只能有 %3 字节。</translation>
    </message>
    <message>
        <source>%1 has no readable manifest.json: %2</source>
        <translation>%1 没有可读的 manifest.json：%2</translation>
    </message>
    <message>
        <source>%1 is not a Berth VM image manifest.</source>
        <translation>%1 不是 Berth 虚拟机镜像的清单。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>Cannot compute SHA-256 (OpenSSL).</source>
        <translation>无法计算 SHA-256（OpenSSL）。</translation>
    </message>
    <message>
        <source>flag provided but not defined: -%1
See &apos;%2 %3 --help&apos;.</source>
        <translation>未定义的参数：-%1
请参阅 &apos;%2 %3 --help&apos;。</translation>
    </message>
    <message>
        <source>flag needs an argument: -%1</source>
        <translation>参数需要一个值：-%1</translation>
    </message>
    <message>
        <source>Usage: berth-agent -s STORE NAME
Berth starts it with a machine&apos;s VM; it is not run by hand.
</source>
        <translation>用法：berth-agent -s STORE NAME
Berth 会随机器的虚拟机启动它；请勿手动运行。
</translation>
    </message>
    <message>
        <source>port %1 not forwarded: %2</source>
        <translation>端口 %1 未转发：%2</translation>
    </message>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>%1 answered, but not like a Docker engine.</source>
        <translation>%1 有响应，但不像是 Docker 引擎。</translation>
    </message>
    <message>
        <source>The engine refused the image: %1</source>
        <translation>引擎拒绝了该镜像：%1</translation>
    </message>
    <message>
        <source>The Docker engine at %1 did not answer within %2 s. Check that the machine is running and that nothing blocks the port.</source>
        <translation>%1 处的 Docker 引擎在 %2 秒内没有响应。请检查机器是否在运行，以及是否有东西阻挡了该端口。</translation>
    </message>
    <message>
        <source>Cannot connect to the Docker engine at %1: connection refused. Is Docker running on the machine? Provisioning the machine again configures and starts it.</source>
        <translation>无法连接到 %1 处的 Docker 引擎：连接被拒绝。该机器上的 Docker 是否在运行？重新配置该机器会配置并启动它。</translation>
    </message>
    <message>
        <source>the connection was closed without an answer</source>
        <translation>连接在没有应答的情况下被关闭</translation>
    </message>
    <message>
        <source>Cannot connect to the Docker engine at %1: %2.</source>
        <translation>无法连接到 %1 处的 Docker 引擎：%2。</translation>
    </message>
    <message>
        <source>%1 answers plain HTTP, not TLS: Docker there runs without TLS, or another program listens on the port. Provision the machine again to configure Docker with TLS, or check its URL.</source>
        <translation>%1 以明文 HTTP 而非 TLS 应答：那里的 Docker 未启用 TLS，或者有其他程序在监听该端口。请重新配置该机器以便为 Docker 启用 TLS，或检查其 URL。</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed (%2). Check that the URL reaches the machine&apos;s Docker engine; if it does, regenerate the machine&apos;s certificates.</source>
        <translation>与 %1 的 TLS 握手失败（%2）。请检查该 URL 是否指向该机器的 Docker 引擎；如果是，请重新生成该机器的证书。</translation>
    </message>
    <message>
        <source>The Docker engine at %1 answered %2 to %3 %4: %5</source>
        <translation>%1 处的 Docker 引擎对 %3 %4 的响应为 %2：%5</translation>
    </message>
    <message>
        <source>The Docker engine at %1 gave no usable Date header (&quot;%2&quot;).</source>
        <translation>位于 %1 的 Docker 引擎未给出可用的 Date 头（“%2”）。</translation>
    </message>
    <message>
        <source>Cannot ask the Docker engine at %1 for its events: %2</source>
        <translation>无法向位于 %1 的 Docker 引擎请求其事件：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a tcp:// Docker URL.</source>
        <translation>&quot;%1&quot; 不是 tcp:// 形式的 Docker URL。</translation>
    </message>
    <message>
        <source>The Docker engines stopped answering: %1</source>
        <translation>Docker 引擎不再应答：%1</translation>
    </message>
    <message>
        <source>The Docker engine at %1 closed the connection before it sent the images: %2</source>
        <translation>%1 上的 Docker 引擎在发送镜像之前关闭了连接：%2</translation>
    </message>
    <message>
        <source>The Docker engine at %1 answered %2 when asked for the images: %3</source>
        <translation>请求镜像时，%1 上的 Docker 引擎回答了 %2：%3</translation>
    </message>
    <message>
        <source>The Docker engine at %1 sent the images in a form Berth does not read.</source>
        <translation>%1 上的 Docker 引擎发送镜像的格式 Berth 无法读取。</translation>
    </message>
    <message>
        <source>Canceled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>The images from %1 stopped after %2 MB: %3</source>
        <translation>来自 %1 的镜像在 %2 MB 后中断：%3</translation>
    </message>
    <message>
        <source>The Docker engine at %1 did not load the images (%2): %3</source>
        <translation>%1 上的 Docker 引擎没有加载这些镜像（%2）：%3</translation>
    </message>
    <message>
        <source>The images could not be sent to %1: %2</source>
        <translation>无法把镜像发送到 %1：%2</translation>
    </message>
    <message>
        <source>The Docker context &quot;%1&quot; (%2) is not Berth&apos;s for this machine; Berth left it as it is. Remove it with &quot;docker context rm %1&quot; to let Berth make it.</source>
        <translation>Docker 上下文“%1”（%2）不是 Berth 为此机器创建的；Berth 未改动它。用“docker context rm %1”删除它后，Berth 才能创建。</translation>
    </message>
    <message>
        <source>no description</source>
        <translation>无描述</translation>
    </message>
    <message>
        <source>Cannot read %1 for the Docker context &quot;%2&quot;.</source>
        <translation>无法读取 %1，Docker 上下文“%2”未能写入。</translation>
    </message>
    <message>
        <source>Berth machine &quot;%1&quot;</source>
        <translation>Berth 机器“%1”</translation>
    </message>
    <message>
        <source>Cannot remove the Docker context &quot;%1&quot; from %2.</source>
        <translation>无法从 %2 删除 Docker 上下文“%1”。</translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2); Berth did not change it. Correct it, or set the current context with &quot;docker context use&quot;.</source>
        <translation>%1 不是 JSON 对象（%2）；Berth 未改动它。请修正它，或用“docker context use”设置当前上下文。</translation>
    </message>
    <message>
        <source>The Docker engine at %1 ended its events: %2</source>
        <translation>位于 %1 的 Docker 引擎结束了其事件流：%2</translation>
    </message>
    <message>
        <source>The Docker engine at %1 refused its events: %2</source>
        <translation>位于 %1 的 Docker 引擎拒绝了事件请求：%2</translation>
    </message>
    <message>
        <source>The Docker engine at %1 sent events Berth cannot read.</source>
        <translation>位于 %1 的 Docker 引擎发送了 Berth 无法读取的事件。</translation>
    </message>
    <message>
        <source>An existing Linux host reached over SSH</source>
        <translation>通过 SSH 访问的现有 Linux 主机</translation>
    </message>
    <message>
        <source>A Docker VM of Berth&apos;s image under Hyper-V (Windows)</source>
        <translation>在 Hyper-V 中运行 Berth 镜像的 Docker 虚拟机（Windows）</translation>
    </message>
    <message>
        <source>A Docker engine known by its URL only</source>
        <translation>只知道 URL 的 Docker 引擎</translation>
    </message>
    <message>
        <source>A Docker VM of Berth&apos;s image under QEMU</source>
        <translation>在 QEMU 中运行 Berth 镜像的 Docker 虚拟机</translation>
    </message>
    <message>
        <source>A Docker VM of Berth&apos;s image under VirtualBox</source>
        <translation>在 VirtualBox 中运行 Berth 镜像的 Docker 虚拟机</translation>
    </message>
    <message>
        <source>Berth has no &quot;%1&quot; driver yet: this machine can be listed, used with env and removed, but not managed.</source>
        <translation>Berth 还没有 &quot;%1&quot; 驱动：这台机器可以列出、用于 env 和删除，但不能管理。</translation>
    </message>
    <message>
        <source>generic driver requires the %1 option</source>
        <translation>generic 驱动需要 %1 选项</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not an IP address or host name.</source>
        <translation>%1 &quot;%2&quot; 不是 IP 地址或主机名。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a valid user name.</source>
        <translation>%1 &quot;%2&quot; 不是有效的用户名。</translation>
    </message>
    <message>
        <source>No SSH key found in ~/.ssh. Give the key that logs in to the host with %1.</source>
        <translation>在 ~/.ssh 中找不到 SSH 密钥。请用 %1 指定登录该主机的密钥。</translation>
    </message>
    <message>
        <source>SSH key does not exist: &quot;%1&quot;. Check the path given to %2.</source>
        <translation>SSH 密钥不存在：&quot;%1&quot;。请检查 %2 给出的路径。</translation>
    </message>
    <message>
        <source>SSH key &quot;%1&quot; is not a readable file. Check the path given to %2 and its permissions.</source>
        <translation>SSH 密钥 &quot;%1&quot; 不是可读的文件。请检查 %2 给出的路径及其权限。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a usable SSH private key: %2</source>
        <translation>&quot;%1&quot; 不是可用的 SSH 私钥：%2</translation>
    </message>
    <message>
        <source>(%1) Importing SSH key...</source>
        <translation>(%1) 正在导入 SSH 密钥...</translation>
    </message>
    <message>
        <source>unable to copy ssh key: %1: %2</source>
        <translation>无法复制 SSH 密钥：%1：%2</translation>
    </message>
    <message>
        <source>generic driver does not support start</source>
        <translation>generic 驱动不支持 start</translation>
    </message>
    <message>
        <source>generic driver does not support stop</source>
        <translation>generic 驱动不支持 stop</translation>
    </message>
    <message>
        <source>Driver.IPAddress is empty: a generic machine needs the address of its host.</source>
        <translation>Driver.IPAddress 为空：generic 机器需要其主机的地址。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; failed on the host (exit code %2): %3</source>
        <translation>&quot;%1&quot; 在主机上执行失败（退出码 %2）：%3</translation>
    </message>
    <message>
        <source>template: no template parsed</source>
        <translation>template: 没有已解析的模板</translation>
    </message>
    <message>
        <source>The CPU shows neither VT-x nor AMD-V: they are turned off in the computer&apos;s firmware, or this computer is itself a VM that does not pass them on.</source>
        <translation>CPU 既没有显示 VT-x，也没有显示 AMD-V：它们在计算机的固件中被关闭了，或者本机本身就是一台虚拟机，其虚拟机监控程序没有把它们传递进来。</translation>
    </message>
    <message>
        <source>Turn on Intel VT-x or AMD-V (also called SVM or Virtualization Technology) in the firmware (BIOS or UEFI) settings, or, in a VM, turn on nested virtualisation in its hypervisor.</source>
        <translation>请在固件（BIOS 或 UEFI）设置中开启 Intel VT-x 或 AMD-V（也称为 SVM 或 Virtualization Technology）；如果本机是虚拟机，请在其虚拟机监控程序中开启嵌套虚拟化。</translation>
    </message>
    <message>
        <source>KVM is not loaded: /dev/kvm does not exist.</source>
        <translation>KVM 未加载：/dev/kvm 不存在。</translation>
    </message>
    <message>
        <source>Load the kvm_amd kernel module (modprobe kvm_amd as root); if it does not load, turn AMD-V on in the firmware (BIOS or UEFI) settings.</source>
        <translation>请加载 kvm_amd 内核模块（以 root 身份运行 modprobe kvm_amd）；如果无法加载，请在固件（BIOS 或 UEFI）设置中开启 AMD-V。</translation>
    </message>
    <message>
        <source>Load the kvm_intel kernel module (modprobe kvm_intel as root); if it does not load, turn VT-x on in the firmware (BIOS or UEFI) settings.</source>
        <translation>请加载 kvm_intel 内核模块（以 root 身份运行 modprobe kvm_intel）；如果无法加载，请在固件（BIOS 或 UEFI）设置中开启 VT-x。</translation>
    </message>
    <message>
        <source>This user may not use /dev/kvm.</source>
        <translation>此用户无权使用 /dev/kvm。</translation>
    </message>
    <message>
        <source>Add the user to the kvm group (usermod -aG kvm USER as root), then log out and in again.</source>
        <translation>请将该用户加入 kvm 组（以 root 身份运行 usermod -aG kvm USER），然后注销并重新登录。</translation>
    </message>
    <message>
        <source>macOS&apos;s Hypervisor framework is not available on this Mac: its CPU lacks VT-x, or this is a VM that does not pass it on.</source>
        <translation>macOS 的 Hypervisor 框架在这台 Mac 上不可用：其 CPU 不支持 VT-x，或者这是一台虚拟机，其虚拟机监控程序没有把 VT-x 传递进来。</translation>
    </message>
    <message>
        <source>Run Berth on the Mac itself, or turn on nested virtualisation for this VM in its hypervisor.</source>
        <translation>请直接在 Mac 本机上运行 Berth，或在虚拟机监控程序中为这台虚拟机开启嵌套虚拟化。</translation>
    </message>
    <message>
        <source>Berth does not know how this system lets programs use the CPU&apos;s virtualisation extensions.</source>
        <translation>Berth 不知道此系统如何让程序使用 CPU 的虚拟化扩展。</translation>
    </message>
    <message>
        <source>Windows reports the CPU&apos;s virtualisation extensions (VT-x or AMD-V) as turned off in the firmware, or this computer is a VM that does not pass them on.</source>
        <translation>Windows 报告 CPU 的虚拟化扩展（VT-x 或 AMD-V）已在固件中关闭，或者本机是一台虚拟机，其虚拟机监控程序没有把它们传递进来。</translation>
    </message>
    <message>
        <source>Turn on Intel VT-x or AMD-V (also called SVM or Virtualization Technology) in the firmware (BIOS or UEFI) settings, then turn on the Windows Hypervisor Platform.</source>
        <translation>请在固件（BIOS 或 UEFI）设置中开启 Intel VT-x 或 AMD-V（也称为 SVM 或 Virtualization Technology），然后开启“Windows 虚拟机监控程序平台”。</translation>
    </message>
    <message>
        <source>The Windows Hypervisor Platform is not turned on.</source>
        <translation>“Windows 虚拟机监控程序平台”（Windows Hypervisor Platform）未开启。</translation>
    </message>
    <message>
        <source>Turn on &quot;Windows Hypervisor Platform&quot; in Windows Features (optionalfeatures.exe), then restart Windows.</source>
        <translation>请在“Windows 功能”（optionalfeatures.exe）中开启“Windows 虚拟机监控程序平台”，然后重启 Windows。</translation>
    </message>
    <message>
        <source>Hyper-V is not available</source>
        <translation>Hyper-V 不可用</translation>
    </message>
    <message>
        <source>Berth found no Windows PowerShell, through which it drives Hyper-V.</source>
        <translation>Berth 找不到用来操作 Hyper-V 的 Windows PowerShell。</translation>
    </message>
    <message>
        <source>Repair Windows, or put the folder of powershell.exe on the PATH.</source>
        <translation>请修复 Windows，或将 powershell.exe 所在的文件夹加入 PATH。</translation>
    </message>
    <message>
        <source>Hyper-V runs on Windows only: choose another driver.</source>
        <translation>Hyper-V 只能在 Windows 上运行：请选择其他驱动。</translation>
    </message>
    <message>
        <source>checking Hyper-V</source>
        <translation>检查 Hyper-V 状态</translation>
    </message>
    <message>
        <source>Hyper-V cannot be checked</source>
        <translation>无法检查 Hyper-V</translation>
    </message>
    <message>
        <source>PowerShell&apos;s answer about Hyper-V is not understood.</source>
        <translation>无法理解 PowerShell 关于 Hyper-V 的回复。</translation>
    </message>
    <message>
        <source>Try again; if it stays, repair Windows PowerShell.</source>
        <translation>请重试；如果问题依旧，请修复 Windows PowerShell。</translation>
    </message>
    <message>
        <source>Hyper-V is not turned on</source>
        <translation>Hyper-V 未开启</translation>
    </message>
    <message>
        <source>The Hyper-V PowerShell module is not installed: Hyper-V is off on this computer.</source>
        <translation>未安装 Hyper-V PowerShell 模块：本机的 Hyper-V 未开启。</translation>
    </message>
    <message>
        <source>Turn Hyper-V on in Windows Features (with Hyper-V Management Tools) and restart Windows; it needs Windows 10 or 11 Pro, Enterprise or Education.</source>
        <translation>请在“Windows 功能”中开启 Hyper-V（包括 Hyper-V 管理工具），然后重启 Windows；Hyper-V 需要 Windows 10 或 11 的专业版、企业版或教育版。</translation>
    </message>
    <message>
        <source>You are neither an administrator nor in the Hyper-V Administrators group.</source>
        <translation>你既不是管理员，也不在 Hyper-V Administrators 组中。</translation>
    </message>
    <message>
        <source>Run in PowerShell as an administrator: Add-LocalGroupMember -Group &quot;Hyper-V Administrators&quot; -Member $env:USERNAME, then sign out and in again.</source>
        <translation>请以管理员身份在 PowerShell 中运行：Add-LocalGroupMember -Group &quot;Hyper-V Administrators&quot; -Member $env:USERNAME，然后注销并重新登录。</translation>
    </message>
    <message>
        <source>listing Hyper-V&apos;s switches</source>
        <translation>列出 Hyper-V 的虚拟交换机</translation>
    </message>
    <message>
        <source>Look at Hyper-V in Hyper-V Manager; restart Windows if it does not answer.</source>
        <translation>请在 Hyper-V 管理器中查看 Hyper-V；如果它没有响应，请重启 Windows。</translation>
    </message>
    <message>
        <source>Hyper-V has no virtual switch for the VM&apos;s network.</source>
        <translation>Hyper-V 没有可供虚拟机网络使用的虚拟交换机。</translation>
    </message>
    <message>
        <source>Berth&apos;s VM image is missing or cannot be used.</source>
        <translation>Berth 的虚拟机镜像缺失或无法使用。</translation>
    </message>
    <message>
        <source>Berth&apos;s VM image has no disk for Hyper-V (system.vhdx).</source>
        <translation>Berth 的虚拟机镜像中没有供 Hyper-V 使用的磁盘（system.vhdx）。</translation>
    </message>
    <message>
        <source>Rebuild it with installer/vm-image/build.sh.</source>
        <translation>请用 installer/vm-image/build.sh 重新构建它。</translation>
    </message>
    <message>
        <source>Hyper-V</source>
        <translation>Hyper-V</translation>
    </message>
    <message>
        <source>Hyper-V cannot be used</source>
        <translation>Hyper-V 无法使用</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; contains a control character, which no switch&apos;s name has.</source>
        <translation>%1 &quot;%2&quot; 含有控制字符，而虚拟交换机的名称中不会有控制字符。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is no MAC address a network adapter may have: give 12 hexadecimal digits (00:15:5D:0A:0B:0C or 00155D0A0B0C), not a multicast address (odd first octet) and not zero.</source>
        <translation>%1 &quot;%2&quot; 不是网络适配器可用的 MAC 地址：请给出 12 位十六进制数字（00:15:5D:0A:0B:0C 或 00155D0A0B0C），不能是多播地址（第一个字节为奇数），也不能为零。</translation>
    </message>
    <message>
        <source>%1 needs %2: the Windows account the VM mounts the folder as.</source>
        <translation>%1 需要 %2：虚拟机挂载该文件夹时使用的 Windows 账户。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is no Windows account&apos;s name: give COMPUTER\user, DOMAIN\user or an e-mail address.</source>
        <translation>%1“%2”不是 Windows 账户名：请给出 COMPUTER\user、DOMAIN\user 或电子邮件地址。</translation>
    </message>
    <message>
        <source>%1
The Hyper-V PowerShell module is missing: turn on Hyper-V with its management tools (Windows Features, Hyper-V), then restart Windows.</source>
        <translation>%1
缺少 Hyper-V PowerShell 模块：请开启 Hyper-V 及其管理工具（“Windows 功能”，Hyper-V），然后重启 Windows。</translation>
    </message>
    <message>
        <source>%1
Hyper-V lets only administrators and members of the Hyper-V Administrators group drive it. To join that group, run in PowerShell as an administrator: Add-LocalGroupMember -Group &quot;Hyper-V Administrators&quot; -Member $env:USERNAME, then sign out and in again.</source>
        <translation>%1
Hyper-V 只允许管理员和 Hyper-V Administrators 组的成员操作它。要加入该组，请以管理员身份在 PowerShell 中运行：Add-LocalGroupMember -Group &quot;Hyper-V Administrators&quot; -Member $env:USERNAME，然后注销并重新登录。</translation>
    </message>
    <message>
        <source>%1 ran Berth&apos;s check of Hyper-V and said nothing: it is not a working Windows PowerShell. Repair Windows PowerShell 5.1, or choose another driver.</source>
        <translation>%1 运行了 Berth 对 Hyper-V 的检查，却没有任何输出：它不是能正常工作的 Windows PowerShell。请修复 Windows PowerShell 5.1，或选择其他驱动。</translation>
    </message>
    <message>
        <source>PowerShell&apos;s answer about Hyper-V is not understood: %1</source>
        <translation>无法理解 PowerShell 关于 Hyper-V 的回复：%1</translation>
    </message>
    <message>
        <source>The Hyper-V PowerShell module is not installed: Hyper-V is off on this computer, or its management tools are. Turn Hyper-V on (Windows Features, Hyper-V, with Hyper-V Management Tools; or as an administrator: Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All), restart Windows, and try again. Hyper-V needs Windows 10 or 11 Pro, Enterprise or Education; otherwise choose VirtualBox.</source>
        <translation>未安装 Hyper-V PowerShell 模块：本机的 Hyper-V 或其管理工具未开启。请开启 Hyper-V（“Windows 功能”，Hyper-V，包括 Hyper-V 管理工具；或以管理员身份运行：Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V -All），重启 Windows 后重试。Hyper-V 需要 Windows 10 或 11 的专业版、企业版或教育版；否则请选择 VirtualBox。</translation>
    </message>
    <message>
        <source>You are neither an administrator nor in the Hyper-V Administrators group, and Hyper-V lets no one else create VMs. To join the group, run in PowerShell as an administrator: Add-LocalGroupMember -Group &quot;Hyper-V Administrators&quot; -Member $env:USERNAME, then sign out and in again (the membership counts from the next sign-in).</source>
        <translation>你既不是管理员，也不在 Hyper-V Administrators 组中，而 Hyper-V 不允许其他人创建虚拟机。要加入该组，请以管理员身份在 PowerShell 中运行：Add-LocalGroupMember -Group &quot;Hyper-V Administrators&quot; -Member $env:USERNAME，然后注销并重新登录（组成员身份从下次登录起生效）。</translation>
    </message>
    <message>
        <source>The VM image %1 has no %2, which Hyper-V boots. Rebuild it with installer/vm-image/build.sh.</source>
        <translation>虚拟机镜像 %1 中没有 Hyper-V 启动所需的 %2。请用 installer/vm-image/build.sh 重新构建它。</translation>
    </message>
    <message>
        <source>Hyper-V already has a VM named &quot;%1&quot;. Choose another name for the machine, or remove that VM in Hyper-V Manager if it is a leftover.</source>
        <translation>Hyper-V 中已有名为 &quot;%1&quot; 的虚拟机。请为机器换一个名字；如果那台虚拟机是遗留下来的，请在 Hyper-V 管理器中删除它。</translation>
    </message>
    <message>
        <source>Hyper-V, the virtual switch &quot;%1&quot;</source>
        <translation>Hyper-V，虚拟交换机 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Only an administrator may share a folder with the VM (Windows&apos; New-SmbShare). Run berth from a PowerShell opened with &quot;Run as administrator&quot; for this create, or leave %1 out.</source>
        <translation>只有管理员才能与虚拟机共享文件夹（Windows 的 New-SmbShare）。请在以“以管理员身份运行”打开的 PowerShell 中执行这次 create，或去掉 %1。</translation>
    </message>
    <message>
        <source>The shared folder %1 does not exist. Give another with %2, or leave %3 out.</source>
        <translation>共享文件夹 %1 不存在。请用 %2 指定另一个，或去掉 %3。</translation>
    </message>
    <message>
        <source>looking for the shared folder</source>
        <translation>查找共享文件夹</translation>
    </message>
    <message>
        <source>Windows already shares %1 as &quot;%2&quot;, the name this machine&apos;s shared folder gets. Remove that share (as an administrator: Remove-SmbShare -Name %2), or choose another name for the machine.</source>
        <translation>Windows 已将 %1 共享为“%2”，而这正是本机器的共享文件夹要用的名称。请删除该共享（以管理员身份：Remove-SmbShare -Name %2），或为机器另取一个名称。</translation>
    </message>
    <message>
        <source>The VM needs the password of %1 to mount the shared folder. Set %2 to it for this command (once it has worked, Berth keeps it in the system&apos;s keychain).</source>
        <translation>虚拟机需要 %1 的密码才能挂载共享文件夹。请为本条命令把 %2 设为该密码（密码一旦生效，Berth 会把它保存在系统钥匙串中）。</translation>
    </message>
    <message>
        <source>The password of %1 for the shared folder could not be read from the keychain: %2</source>
        <translation>无法从钥匙串读取共享文件夹所用的 %1 的密码：%2</translation>
    </message>
    <message>
        <source>(%1) Sharing %2 with the VM as &quot;%3&quot; (SMB, for %4)...</source>
        <translation>(%1) 正在将 %2 以“%3”共享给虚拟机（SMB，供 %4 使用）...</translation>
    </message>
    <message>
        <source>sharing the folder</source>
        <translation>共享文件夹</translation>
    </message>
    <message>
        <source>(%1) Using %2.</source>
        <translation>(%1) 使用 %2。</translation>
    </message>
    <message>
        <source>(%1) Creating SSH key...</source>
        <translation>(%1) 正在创建 SSH 密钥...</translation>
    </message>
    <message>
        <source>(%1) Copying the system disk...</source>
        <translation>(%1) 正在复制系统盘...</translation>
    </message>
    <message>
        <source>Could not copy the VM image&apos;s disk %1 to %2. Check the free space of that disk.</source>
        <translation>无法将虚拟机镜像的磁盘 %1 复制到 %2。请检查该磁盘的剩余空间。</translation>
    </message>
    <message>
        <source>(%1) Starting the VM...</source>
        <translation>(%1) 正在启动虚拟机...</translation>
    </message>
    <message>
        <source>(%1) Creating the Hyper-V VM (generation 2, %2 CPU, %3 MB of %4 memory, data disk %5 MB) on the switch &quot;%6&quot;...</source>
        <translation>(%1) 正在虚拟交换机 &quot;%6&quot; 上创建 Hyper-V 虚拟机（第 2 代，%2 个 CPU，%3 MB %4内存，数据盘 %5 MB）...</translation>
    </message>
    <message>
        <source>static</source>
        <translation>静态</translation>
    </message>
    <message>
        <source>dynamic</source>
        <translation>动态</translation>
    </message>
    <message>
        <source>creating the VM</source>
        <translation>创建虚拟机</translation>
    </message>
    <message>
        <source>Hyper-V made the VM but did not tell its Id: %1</source>
        <translation>Hyper-V 创建了虚拟机，但没有告知其 Id：%1</translation>
    </message>
    <message>
        <source>Hyper-V&apos;s VM &quot;%1&quot; has %2 hard disks besides its data disk (%3), where Berth made one: its system disk. Remove the ones added since in Hyper-V Manager, then upgrade again.</source>
        <translation>Hyper-V 的虚拟机 &quot;%1&quot; 除数据盘外还有 %2 块硬盘（%3），而 Berth 只创建了一块：它的系统盘。请在 Hyper-V 管理器中移除之后添加的硬盘，然后再次升级。</translation>
    </message>
    <message>
        <source>Hyper-V did not take the new system disk %1 for the VM &quot;%2&quot; (its disks: %3).</source>
        <translation>Hyper-V 没有为虚拟机 &quot;%2&quot; 接受新的系统盘 %1（它的硬盘：%3）。</translation>
    </message>
    <message>
        <source>asking for the VM&apos;s disks</source>
        <translation>查询虚拟机的硬盘</translation>
    </message>
    <message>
        <source>Driver.%1 &quot;%2&quot; is not a Hyper-V VM&apos;s Id.</source>
        <translation>Driver.%1 &quot;%2&quot; 不是 Hyper-V 虚拟机的 Id。</translation>
    </message>
    <message>
        <source>asking for the VM</source>
        <translation>查询虚拟机</translation>
    </message>
    <message>
        <source>Hyper-V&apos;s VM &quot;%1&quot; is not this machine&apos;s (its Id is %2, its files are in %3). Berth leaves it alone; remove the machine from the store by force, and that VM in Hyper-V Manager if it is not wanted.</source>
        <translation>Hyper-V 的虚拟机 &quot;%1&quot; 不属于这台机器（其 Id 为 %2，其文件位于 %3）。Berth 不会动它；请强制从存储中删除该机器，如果不再需要那台虚拟机，也请在 Hyper-V 管理器中删除它。</translation>
    </message>
    <message>
        <source>Hyper-V has no VM named &quot;%1&quot; any more: it was removed outside Berth. Remove the machine.</source>
        <translation>Hyper-V 中已没有名为 &quot;%1&quot; 的虚拟机：它已在 Berth 之外被删除。请删除该机器。</translation>
    </message>
    <message>
        <source>Hyper-V says the VM &quot;%1&quot; is in state %2, which Berth does not know. Look at it in Hyper-V Manager.</source>
        <translation>Hyper-V 报告虚拟机 &quot;%1&quot; 处于状态 %2，Berth 不认识该状态。请在 Hyper-V 管理器中查看它。</translation>
    </message>
    <message>
        <source>Look at the VM&apos;s screen in Hyper-V Manager (Connect...) to see how far it booted.</source>
        <translation>请在 Hyper-V 管理器中查看虚拟机的屏幕（连接...），看看它启动到了哪一步。</translation>
    </message>
    <message>
        <source>starting the VM</source>
        <translation>启动虚拟机</translation>
    </message>
    <message>
        <source>(%1) Waiting for the VM to report its IP address...</source>
        <translation>(%1) 正在等待虚拟机报告其 IP 地址...</translation>
    </message>
    <message>
        <source>(%1) Waiting for the VM to boot...</source>
        <translation>(%1) 正在等待虚拟机启动...</translation>
    </message>
    <message>
        <source>(%1) Mounting the shared folder %2...</source>
        <translation>(%1) 正在挂载共享文件夹 %2...</translation>
    </message>
    <message>
        <source>(%1) The shared folder is not mounted in the VM: %2</source>
        <translation>(%1) 共享文件夹未在虚拟机中挂载：%2</translation>
    </message>
    <message>
        <source>asking for this computer&apos;s address on the switch</source>
        <translation>查询本机在交换机上的地址</translation>
    </message>
    <message>
        <source>Windows has no IPv4 address on the switch &quot;%1&quot;, where the VM would reach it.</source>
        <translation>Windows 在交换机“%1”上没有 IPv4 地址，虚拟机无法通过它访问本机。</translation>
    </message>
    <message>
        <source>%1
If the password of %2 changed, set %3 to it and start the machine again.</source>
        <translation>%1
如果 %2 的密码已更改，请把 %3 设为新密码，然后重新启动机器。</translation>
    </message>
    <message>
        <source>(%1) The password of %2 could not be kept in the keychain: %3 At the next start, set %4 again.</source>
        <translation>(%1) 无法将 %2 的密码保存到钥匙串：%3 下次启动时请再次设置 %4。</translation>
    </message>
    <message>
        <source>asking for the VM&apos;s address</source>
        <translation>查询虚拟机的地址</translation>
    </message>
    <message>
        <source>The VM stopped while booting (Hyper-V says %1). %2</source>
        <translation>虚拟机在启动过程中停止了（Hyper-V 报告：%1）。%2</translation>
    </message>
    <message>
        <source>The VM reports only IPv6 addresses to Hyper-V (%1), and Berth reaches machines over IPv4: the switch &quot;%2&quot; gave it no IPv4 address. On the Default Switch, restart the Host Network Service (or Windows); on an External switch, the network needs a DHCP server. Or choose another switch with --hyperv-virtual-switch.</source>
        <translation>虚拟机只向 Hyper-V 报告了 IPv6 地址（%1），而 Berth 通过 IPv4 访问机器：虚拟交换机 &quot;%2&quot; 没有给它分配 IPv4 地址。如果使用的是 Default Switch，请重启“主机网络服务”（Host Network Service）或 Windows；如果是外部虚拟交换机，该网络上需要有 DHCP 服务器。也可以用 --hyperv-virtual-switch 选择其他虚拟交换机。</translation>
    </message>
    <message>
        <source>Canceled while waiting for the VM&apos;s address.</source>
        <translation>等待虚拟机地址时已取消。</translation>
    </message>
    <message>
        <source>The VM reported no IP address to Hyper-V within %1 s. Its network adapter is on the switch &quot;%2&quot;, which may give no addresses, or the guest did not boot. %3</source>
        <translation>虚拟机在 %1 秒内没有向 Hyper-V 报告 IP 地址。它的网络适配器连接在虚拟交换机 &quot;%2&quot; 上，该交换机可能不分配地址，或者客户机没有启动。%3</translation>
    </message>
    <message>
        <source>The VM reported no IPv4 address to Hyper-V within %1 s (it reported %2).</source>
        <translation>虚拟机在 %1 秒内没有向 Hyper-V 报告 IPv4 地址（它报告的是 %2）。</translation>
    </message>
    <message>
        <source>Hyper-V did not turn the VM &quot;%1&quot; off within %2 s.</source>
        <translation>Hyper-V 未能在 %2 秒内关闭虚拟机 &quot;%1&quot; 的电源。</translation>
    </message>
    <message>
        <source>turning the VM off</source>
        <translation>关闭虚拟机的电源</translation>
    </message>
    <message>
        <source>(%1) Giving the space Docker freed on the data disk back to Windows</source>
        <translation>(%1) 正在把 Docker 在数据盘上释放的空间还给 Windows</translation>
    </message>
    <message>
        <source>compacting the data disk</source>
        <translation>压缩数据盘</translation>
    </message>
    <message>
        <source>(%1) The data disk was not compacted (%2). The machine is stopped; the next stop tries again.</source>
        <translation>(%1) 数据盘没有压缩(%2)。机器已停止;下次停止时会再试。</translation>
    </message>
    <message>
        <source>canceled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>(%1) The data disk&apos;s file is %2 MB (%3 MB before).</source>
        <translation>(%1) 数据盘文件现在是 %2 MB(之前 %3 MB)。</translation>
    </message>
    <message>
        <source>shutting the VM down</source>
        <translation>让虚拟机关机</translation>
    </message>
    <message>
        <source>Canceled: the VM was asked to shut down and may still do so.</source>
        <translation>已取消：已要求虚拟机关机，它可能仍会关机。</translation>
    </message>
    <message>
        <source>(%1) The VM did not shut down within %2 s; turning it off.</source>
        <translation>(%1) 虚拟机未在 %2 秒内关机；正在直接关闭电源。</translation>
    </message>
    <message>
        <source>(%1) The guest could not be shut down (%2); turning the VM off.</source>
        <translation>(%1) 无法让客户机关机（%2）；正在直接关闭虚拟机电源。</translation>
    </message>
    <message>
        <source>removing the VM</source>
        <translation>删除虚拟机</translation>
    </message>
    <message>
        <source>Hyper-V&apos;s VM &quot;%1&quot; is removed, but these files are still in use and stay: %2. Close what holds them (Hyper-V Manager, a backup), then remove the machine again.</source>
        <translation>Hyper-V 的虚拟机 &quot;%1&quot; 已删除，但以下文件仍在使用中，因此保留了下来：%2。请关闭占用它们的程序（Hyper-V 管理器、备份程序），然后再次删除该机器。</translation>
    </message>
    <message>
        <source>removing the shared folder</source>
        <translation>删除共享文件夹</translation>
    </message>
    <message>
        <source>Hyper-V&apos;s VM &quot;%1&quot; is removed, but Windows still shares %2 as &quot;%3&quot;: %4
Remove the share as an administrator (Remove-SmbShare -Name %3 -Force), then remove the machine again.</source>
        <translation>Hyper-V 的虚拟机“%1”已删除，但 Windows 仍将 %2 共享为“%3”：%4
请以管理员身份删除该共享（Remove-SmbShare -Name %3 -Force），然后再次删除机器。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; contains a control character, which the VM&apos;s seed cannot carry. Share a folder without one.</source>
        <translation>%1 &quot;%2&quot; 含有控制字符，无法写入虚拟机的种子镜像。请共享不含控制字符的文件夹。</translation>
    </message>
    <message>
        <source>The shared folder %1 does not exist. Give another with %2, or turn sharing off with %3.</source>
        <translation>共享文件夹 %1 不存在。请用 %2 指定其他文件夹，或用 %3 关闭共享。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; runs docker-machine&apos;s boot2docker, which Berth does not upgrade in place. berth upgrade --move %1 makes &quot;%2&quot; of Berth&apos;s VM image and copies your images into it. By hand, with your volumes too:
  1. berth create -d %3 %2
  2. eval $(berth env %1); docker save -o images.tar $(docker image ls --format &apos;{{.Repository}}:{{.Tag}}&apos; | grep -v &apos;&lt;none&gt;&apos;)
  3. eval $(berth env %2); docker load -i images.tar
  4. Volumes: on &quot;%1&quot;, docker run --rm -v VOLUME:/v busybox tar -C /v -cf - . &gt; VOLUME.tar; on &quot;%2&quot;, docker volume create VOLUME and docker run --rm -i -v VOLUME:/v busybox tar -C /v -xf - &lt; VOLUME.tar
When &quot;%2&quot; has what you need, remove &quot;%1&quot; with berth rm %1 (docker-machine can still drive it until then).</source>
        <translation>“%1”运行的是 docker-machine 的 boot2docker，Berth 不会就地升级它。berth upgrade --move %1 会用 Berth 的虚拟机镜像创建“%2”，并把你的镜像复制过去。手动操作（连同数据卷）：
  1. berth create -d %3 %2
  2. eval $(berth env %1); docker save -o images.tar $(docker image ls --format &apos;{{.Repository}}:{{.Tag}}&apos; | grep -v &apos;&lt;none&gt;&apos;)
  3. eval $(berth env %2); docker load -i images.tar
  4. 数据卷：在“%1”上执行 docker run --rm -v VOLUME:/v busybox tar -C /v -cf - . &gt; VOLUME.tar；在“%2”上执行 docker volume create VOLUME 和 docker run --rm -i -v VOLUME:/v busybox tar -C /v -xf - &lt; VOLUME.tar
当“%2”已有你需要的一切后，用 berth rm %1 删除“%1”（在此之前 docker-machine 仍可管理它）。</translation>
    </message>
    <message>
        <source>(%1) Stopping the VM to replace its system disk...</source>
        <translation>(%1) 正在停止虚拟机以替换其系统盘...</translation>
    </message>
    <message>
        <source>(%1) Upgrading from %2 to %3; the data disk stays.</source>
        <translation>(%1) 正在从 %2 升级到 %3；数据盘保持不变。</translation>
    </message>
    <message>
        <source>(%1) Starting the VM to configure Docker on the new system disk...</source>
        <translation>(%1) 正在启动虚拟机，以在新的系统盘上配置 Docker...</translation>
    </message>
    <message>
        <source>(%1) Preparing the VM image...</source>
        <translation>(%1) 正在准备虚拟机镜像...</translation>
    </message>
    <message>
        <source>No free local port for the machine&apos;s forwarded ports.</source>
        <translation>没有空闲的本地端口可用于机器的转发端口。</translation>
    </message>
    <message>
        <source>sshd has not started yet</source>
        <translation>sshd 尚未启动</translation>
    </message>
    <message>
        <source>Canceled while the VM was booting.</source>
        <translation>虚拟机启动过程中已取消。</translation>
    </message>
    <message>
        <source>The VM stopped while booting. %1</source>
        <translation>虚拟机在启动过程中停止了。%1</translation>
    </message>
    <message>
        <source>The VM answers SSH but refuses the machine&apos;s key: %1
%2</source>
        <translation>虚拟机响应了 SSH，但拒绝了该机器的密钥：%1
%2</translation>
    </message>
    <message>
        <source>The VM did not answer SSH within %1 s (last: %2).
%3</source>
        <translation>虚拟机在 %1 秒内没有响应 SSH（最后一次：%2）。
%3</translation>
    </message>
    <message>
        <source>The VM wrote no console log (%1).</source>
        <translation>虚拟机没有写出控制台日志（%1）。</translation>
    </message>
    <message>
        <source>The VM&apos;s console is empty: the guest did not get as far as checking its system disk (firmware, boot loader, kernel or the search for the disk). Check the VM image.</source>
        <translation>虚拟机的控制台为空：客户机没有运行到检查其系统盘的那一步（固件、引导程序、内核或查找磁盘）。请检查虚拟机镜像。</translation>
    </message>
    <message>
        <source>The guest kernel panicked: %1</source>
        <translation>客户机内核崩溃（panic）：%1</translation>
    </message>
    <message>
        <source>The guest did not find its system disk: %1</source>
        <translation>客户机找不到其系统盘：%1</translation>
    </message>
    <message>
        <source>The guest&apos;s first-boot step says: %1</source>
        <translation>客户机的首次启动步骤报告：%1</translation>
    </message>
    <message>
        <source>The VM&apos;s console (%1) ends with:
%2</source>
        <translation>虚拟机控制台（%1）的最后几行：
%2</translation>
    </message>
    <message>
        <source>Driver.%1 &quot;%2&quot; is not a file name.</source>
        <translation>Driver.%1 &quot;%2&quot; 不是文件名。</translation>
    </message>
    <message>
        <source>config.json has ConfigVersion %1; Berth reads version %2 (docker-machine 0.7 and later). Open the machine once with docker-machine 0.16 to migrate it.</source>
        <translation>config.json 的 ConfigVersion 为 %1；Berth 读取的是版本 %2（docker-machine 0.7 及以后）。请先用 docker-machine 0.16 打开该机器一次以迁移它。</translation>
    </message>
    <message>
        <source>config.json has no Name or DriverName.</source>
        <translation>config.json 中没有 Name 或 DriverName。</translation>
    </message>
    <message>
        <source>Another agent (pid %1) runs for &quot;%2&quot;; this one ends.</source>
        <translation>“%2”已有另一个代理（pid %1）在运行；本代理退出。</translation>
    </message>
    <message>
        <source>The %1 driver keeps published ports on the machine&apos;s own address: nothing to forward.</source>
        <translation>%1 驱动将发布的端口保留在机器自身的地址上：无需转发。</translation>
    </message>
    <message>
        <source>Agent of &quot;%1&quot; started (pid %2): published ports answer on %3.</source>
        <translation>“%1”的代理已启动（pid %2）：发布的端口在 %3 上响应。</translation>
    </message>
    <message>
        <source>The forwards made before cannot be read: %1</source>
        <translation>无法读取先前建立的转发：%1</translation>
    </message>
    <message>
        <source>Following the engine&apos;s events again.</source>
        <translation>重新开始跟踪引擎的事件。</translation>
    </message>
    <message>
        <source>The VM of &quot;%1&quot; is no longer running; the agent ends.</source>
        <translation>“%1”的虚拟机已不再运行；代理退出。</translation>
    </message>
    <message>
        <source>Port %1 is no longer published: not forwarded any more.</source>
        <translation>端口 %1 已不再发布：不再转发。</translation>
    </message>
    <message>
        <source>The forward of port %1 cannot be removed: %2</source>
        <translation>无法删除端口 %1 的转发：%2</translation>
    </message>
    <message>
        <source>Port %1 forwarded: %2:%3 on this computer.</source>
        <translation>端口 %1 已转发：本机的 %2:%3。</translation>
    </message>
    <message>
        <source>Port %1 not forwarded: %2</source>
        <translation>端口 %1 未转发：%2</translation>
    </message>
    <message>
        <source>Port %1 answers on [%2]:%3 too.</source>
        <translation>端口 %1 也在 [%2]:%3 上应答。</translation>
    </message>
    <message>
        <source>This computer has no IPv6 loopback (::1): published ports answer on IPv4 only.</source>
        <translation>本机没有 IPv6 回环地址（::1）：发布的端口只在 IPv4 上应答。</translation>
    </message>
    <message>
        <source>Port %1 answers on IPv4 only for now: on %2, %3</source>
        <translation>端口 %1 目前只在 IPv4 上应答：在 %2 上，%3</translation>
    </message>
    <message>
        <source>another program on this computer uses port %1; it is forwarded once that port is free</source>
        <translation>本机的另一个程序正在使用端口 %1；该端口空闲后即会转发</translation>
    </message>
    <message>
        <source>this computer lets only administrators use port %1; publish the container on a port above 1023 (docker run -p 8080:%1)</source>
        <translation>本机只允许管理员使用端口 %1；请将容器发布到 1023 以上的端口（docker run -p 8080:%1）</translation>
    </message>
    <message>
        <source>exit code %1: %2</source>
        <translation>退出码 %1：%2</translation>
    </message>
    <message>
        <source>The VM does not take forwarded connections to its loopback yet (tried again in %1 s): %2</source>
        <translation>虚拟机尚不接受转发到其回环地址的连接（%1 秒后重试）：%2</translation>
    </message>
    <message>
        <source>The VM hands forwarded connections to what listens on its loopback too.</source>
        <translation>虚拟机也会将转发的连接交给在其回环地址上监听的程序。</translation>
    </message>
    <message>
        <source>The VM&apos;s clock is %1 s off, and could not be set: %2</source>
        <translation>虚拟机的时钟偏差 %1 秒，且无法校正：%2</translation>
    </message>
    <message>
        <source>The VM&apos;s clock was %1 s behind (the VM was paused, or this computer slept); set to this computer&apos;s time.</source>
        <translation>虚拟机的时钟慢了 %1 秒（虚拟机曾被暂停，或本机曾休眠）；已设为本机时间。</translation>
    </message>
    <message>
        <source>The VM&apos;s clock was %1 s ahead; set to this computer&apos;s time.</source>
        <translation>虚拟机的时钟快了 %1 秒；已设为本机时间。</translation>
    </message>
    <message>
        <source>Ports published in &quot;%1&quot; stay inside the VM: berth-agent was not found in %2.</source>
        <translation>“%1”中发布的端口只在虚拟机内可用：在 %2 中找不到 berth-agent。</translation>
    </message>
    <message>
        <source>Ports published in &quot;%1&quot; stay inside the VM: %2</source>
        <translation>“%1”中发布的端口只在虚拟机内可用：%2</translation>
    </message>
    <message>
        <source>%1: %2
Fix the file, or remove the machine from the store.</source>
        <translation>%1：%2
请修正该文件，或从存储中删除该机器。</translation>
    </message>
    <message>
        <source>Waiting for SSH to be available...</source>
        <translation>正在等待 SSH 可用...</translation>
    </message>
    <message>
        <source>Canceled while waiting for SSH.</source>
        <translation>等待 SSH 时已取消。</translation>
    </message>
    <message>
        <source>Detecting the provisioner...</source>
        <translation>正在检测配置程序...</translation>
    </message>
    <message>
        <source>Provisioning with %1...</source>
        <translation>正在用 %1 进行配置...</translation>
    </message>
    <message>
        <source>an unknown system</source>
        <translation>未知系统</translation>
    </message>
    <message>
        <source>Copying certs to the local machine directory...</source>
        <translation>正在将证书复制到本地机器目录...</translation>
    </message>
    <message>
        <source>Driver &quot;%1&quot; not found. Berth has these drivers: %2.</source>
        <translation>找不到驱动 &quot;%1&quot;。Berth 有以下驱动：%2。</translation>
    </message>
    <message>
        <source>Docker machine &quot;%1&quot; already exists</source>
        <translation>Docker 机器 &quot;%1&quot; 已存在</translation>
    </message>
    <message>
        <source>Running pre-create checks...</source>
        <translation>正在运行创建前检查...</translation>
    </message>
    <message>
        <source>Creating &quot;%1&quot; was canceled; nothing was kept.</source>
        <translation>创建 &quot;%1&quot; 已取消；未保留任何内容。</translation>
    </message>
    <message>
        <source>Error creating machine: %1
Nothing was kept; fix the cause and run create again.</source>
        <translation>创建机器时出错：%1
未保留任何内容；请排除原因后再次运行 create。</translation>
    </message>
    <message>
        <source>Creating machine...</source>
        <translation>正在创建机器...</translation>
    </message>
    <message>
        <source>Waiting for machine to be running, this may take a few minutes...</source>
        <translation>正在等待机器运行，这可能需要几分钟...</translation>
    </message>
    <message>
        <source>Docker is up and running!</source>
        <translation>Docker 已启动并在运行！</translation>
    </message>
    <message>
        <source>To see how to connect your Docker Client to the Docker Engine running on this virtual machine, run: %1 env %2</source>
        <translation>要了解如何将 Docker 客户端连接到此虚拟机上运行的 Docker 引擎，请运行：%1 env %2</translation>
    </message>
    <message>
        <source>Docker machine &quot;%1&quot; does not exist.</source>
        <translation>Docker 机器 &quot;%1&quot; 不存在。</translation>
    </message>
    <message>
        <source>Removing &quot;%1&quot;...</source>
        <translation>正在删除 &quot;%1&quot;...</translation>
    </message>
    <message>
        <source>Error removing host &quot;%1&quot;: %2</source>
        <translation>删除主机 &quot;%1&quot; 时出错：%2</translation>
    </message>
    <message>
        <source>Cannot read machine &quot;%1&quot;: %2</source>
        <translation>无法读取机器 &quot;%1&quot;：%2</translation>
    </message>
    <message>
        <source>Starting &quot;%1&quot;...</source>
        <translation>正在启动 &quot;%1&quot;...</translation>
    </message>
    <message>
        <source>Machine &quot;%1&quot; is already running.</source>
        <translation>机器 &quot;%1&quot; 已经在运行。</translation>
    </message>
    <message>
        <source>Starting &quot;%1&quot; was canceled; the machine is stopped.</source>
        <translation>启动 &quot;%1&quot; 已取消；机器已停止。</translation>
    </message>
    <message>
        <source>Machine &quot;%1&quot; was started.</source>
        <translation>机器 &quot;%1&quot; 已启动。</translation>
    </message>
    <message>
        <source>The machine&apos;s certificates do not match it; provisioning it again...</source>
        <translation>机器的证书与它不符；正在重新配置...</translation>
    </message>
    <message>
        <source>Waiting for Docker...</source>
        <translation>正在等待 Docker...</translation>
    </message>
    <message>
        <source>Canceled while waiting for Docker.</source>
        <translation>等待 Docker 时已取消。</translation>
    </message>
    <message>
        <source>Docker did not answer over TLS within %1 s: %2
%3</source>
        <translation>Docker 在 %1 秒内没有通过 TLS 响应：%2
%3</translation>
    </message>
    <message>
        <source>Stopping &quot;%1&quot;...</source>
        <translation>正在停止 &quot;%1&quot;...</translation>
    </message>
    <message>
        <source>Machine &quot;%1&quot; was stopped.</source>
        <translation>机器 &quot;%1&quot; 已停止。</translation>
    </message>
    <message>
        <source>Restarting &quot;%1&quot;...</source>
        <translation>正在重启 &quot;%1&quot;...</translation>
    </message>
    <message>
        <source>Killing &quot;%1&quot;...</source>
        <translation>正在强行终止 &quot;%1&quot;...</translation>
    </message>
    <message>
        <source>Machine &quot;%1&quot; was killed.</source>
        <translation>机器 &quot;%1&quot; 已被强行终止。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; uses the %2 driver: Berth has no SSH access to provision it.</source>
        <translation>&quot;%1&quot; 使用的是 %2 驱动：Berth 没有配置它所需的 SSH 访问。</translation>
    </message>
    <message>
        <source>Regenerating TLS certificates</source>
        <translation>正在重新生成 TLS 证书</translation>
    </message>
    <message>
        <source>Machine &quot;%1&quot; already runs the newest image.</source>
        <translation>机器 &quot;%1&quot; 已在运行最新的镜像。</translation>
    </message>
    <message>
        <source>Published ports are not forwarded to this computer: the machine&apos;s agent is not running. &quot;berth start %1&quot; starts it.</source>
        <translation>发布的端口未转发到本机：机器的代理未在运行。“berth start %1”会启动它。</translation>
    </message>
    <message>
        <source>Unable to query docker version: %1</source>
        <translation>无法查询 Docker 版本：%1</translation>
    </message>
    <message>
        <source>No active host found</source>
        <translation>找不到活动的主机</translation>
    </message>
    <message>
        <source>Error checking TLS connection: %1</source>
        <translation>检查 TLS 连接时出错：%1</translation>
    </message>
    <message>
        <source>Error running connection boilerplate: %1</source>
        <translation>生成连接配置时出错：%1</translation>
    </message>
    <message>
        <source>Creating CA: %1</source>
        <translation>正在创建 CA：%1</translation>
    </message>
    <message>
        <source>Creating client certificate: %1</source>
        <translation>正在创建客户端证书：%1</translation>
    </message>
    <message>
        <source>%1 is not a folder of the store; no certificate was copied.</source>
        <translation>%1 不是存储中的文件夹；未复制任何证书。</translation>
    </message>
    <message>
        <source>%1 leads out of the store through a symbolic link; no certificate was copied. Replace the link by the file.</source>
        <translation>%1 通过符号链接指向了存储之外；未复制任何证书。请用实际文件替换该链接。</translation>
    </message>
    <message>
        <source>The certificates of &quot;%1&quot; are not valid for %2: %3</source>
        <translation>&quot;%1&quot; 的证书对 %2 无效：%3</translation>
    </message>
    <message>
        <source>The Docker context of &quot;%1&quot; was not updated: %2</source>
        <translation>“%1”的 Docker 上下文未更新：%2</translation>
    </message>
    <message>
        <source>The Docker context of &quot;%1&quot; was not removed: %2</source>
        <translation>“%1”的 Docker 上下文未删除：%2</translation>
    </message>
    <message>
        <source>Cannot make the Docker context of &quot;%1&quot;: %2</source>
        <translation>无法创建“%1”的 Docker 上下文：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; already runs Berth&apos;s VM image: berth upgrade %1 gives it the newest one, with its data.</source>
        <translation>“%1”已经运行 Berth 的虚拟机镜像：berth upgrade %1 会为它换上最新镜像并保留数据。</translation>
    </message>
    <message>
        <source>A machine &quot;%1&quot; exists already: the move of &quot;%2&quot; makes it. Remove it (berth rm %1) if it is a leftover of an earlier move, or copy the images by hand (berth upgrade %2 says how).</source>
        <translation>机器“%1”已存在，而迁移“%2”正要创建它。如果它是之前迁移留下的，请删除它（berth rm %1），或手动复制镜像（berth upgrade %2 会说明方法）。</translation>
    </message>
    <message>
        <source>Creating &quot;%1&quot;, of Berth&apos;s VM image, for the images of &quot;%2&quot;...</source>
        <translation>正在用 Berth 的虚拟机镜像创建“%1”，用来存放“%2”的镜像...</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no tagged images to copy.</source>
        <translation>“%1”没有带标签的镜像可复制。</translation>
    </message>
    <message>
        <source>Copying the images of &quot;%1&quot; (%2 MB) into &quot;%3&quot;: %4...</source>
        <translation>正在把“%1”的镜像（%2 MB）复制到“%3”：%4...</translation>
    </message>
    <message>
        <source>  %1 MB copied</source>
        <translation>  已复制 %1 MB</translation>
    </message>
    <message>
        <source>%1
&quot;%2&quot; is made and keeps what was copied; copy the rest by hand (berth upgrade %3 says how), or remove it (berth rm %2) and move again.</source>
        <translation>%1
“%2”已创建并保留已复制的内容；请手动复制其余部分（berth upgrade %3 会说明方法），或删除它（berth rm %2）后重新迁移。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; could not be stopped again: %2</source>
        <translation>无法再次停止“%1”：%2</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has the images of &quot;%2&quot;. Containers and volumes stay on &quot;%2&quot; (berth upgrade %2 says how to copy volumes). Use it with: eval $(berth env %1). When it has what you need, remove &quot;%2&quot; with berth rm %2.</source>
        <translation>“%1”已拥有“%2”的镜像。容器和数据卷仍留在“%2”上（berth upgrade %2 会说明如何复制数据卷）。使用方法：eval $(berth env %1)。当它已有你需要的一切后，用 berth rm %2 删除“%2”。</translation>
    </message>
    <message>
        <source>%1 leads out of the store through a symbolic link; Berth does not follow it. Removing the machine removes the link (and nothing it points to).</source>
        <translation>%1 通过符号链接指向了存储之外；Berth 不会跟随它。删除该机器只会删除这个链接（而不会删除它指向的内容）。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2. If a create was interrupted, remove the machine.</source>
        <translation>无法读取 %1：%2。如果是 create 被中断了，请删除该机器。</translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2 at offset %3). Fix or restore the file, or remove the machine from the store.</source>
        <translation>%1 不是有效的 JSON（%2，位于偏移 %3）。请修正或恢复该文件，或从存储中删除该机器。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 names the machine &quot;%2&quot;, but its folder is &quot;%3&quot;. Rename the folder or fix the Name field.</source>
        <translation>%1 写的机器名是 &quot;%2&quot;，但其文件夹是 &quot;%3&quot;。请重命名文件夹或修正 Name 字段。</translation>
    </message>
    <message>
        <source>The machine &quot;%1&quot; is no longer in the store (%2 is gone or not a folder); nothing was written.</source>
        <translation>机器 &quot;%1&quot; 已不在存储中（%2 已不存在或不是文件夹）；未写入任何内容。</translation>
    </message>
    <message>
        <source>Cannot move the new machine from %1 to %2. Check the permissions of %3.</source>
        <translation>无法将新机器从 %1 移到 %2。请检查 %3 的权限。</translation>
    </message>
    <message>
        <source>Cannot delete %1. Check its permissions and delete it by hand.</source>
        <translation>无法删除 %1。请检查其权限并手动删除。</translation>
    </message>
    <message>
        <source>Cannot create the store folder %1. Fix its permissions, or choose another store.</source>
        <translation>无法创建存储文件夹 %1。请修正其权限，或选择其他存储。</translation>
    </message>
    <message>
        <source>The store folder %1 is not writable. Fix its permissions, or choose another store.</source>
        <translation>存储文件夹 %1 不可写。请修正其权限，或选择其他存储。</translation>
    </message>
    <message>
        <source>Cannot create %1: the store is not writable. Fix its permissions, or choose another store.</source>
        <translation>无法创建 %1：存储不可写。请修正其权限，或选择其他存储。</translation>
    </message>
    <message>
        <source>Another Berth process (pid %1) is working on %2.</source>
        <translation>另一个 Berth 进程（pid %1）正在处理 %2。</translation>
    </message>
    <message>
        <source>Another Berth process is working on %1.</source>
        <translation>另一个 Berth 进程正在处理 %1。</translation>
    </message>
    <message>
        <source>Wait for it to finish and try again.</source>
        <translation>请等它完成后重试。</translation>
    </message>
    <message>
        <source>the store&apos;s certificates (%1)</source>
        <translation>存储的证书（%1）</translation>
    </message>
    <message>
        <source>%1 option is required when no driver is selected</source>
        <translation>未选择驱动时必须给出 %1 选项</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a Docker engine URL. Give it as tcp://HOST:PORT, for example tcp://192.168.1.10:2376.</source>
        <translation>%1 &quot;%2&quot; 不是 Docker 引擎的 URL。请写成 tcp://HOST:PORT，例如 tcp://192.168.1.10:2376。</translation>
    </message>
    <message>
        <source>hosts without a driver cannot be started</source>
        <translation>没有驱动的主机无法启动</translation>
    </message>
    <message>
        <source>hosts without a driver cannot be stopped</source>
        <translation>没有驱动的主机无法停止</translation>
    </message>
    <message>
        <source>hosts without a driver cannot be restarted</source>
        <translation>没有驱动的主机无法重启</translation>
    </message>
    <message>
        <source>hosts without a driver cannot be killed</source>
        <translation>没有驱动的主机无法强行终止</translation>
    </message>
    <message>
        <source>The machine &quot;%1&quot; has no URL.</source>
        <translation>机器 &quot;%1&quot; 没有 URL。</translation>
    </message>
    <message>
        <source>The machine &quot;%1&quot; has no SSH access: it was added with the none driver (a URL only).</source>
        <translation>机器 &quot;%1&quot; 没有 SSH 访问：它是用 none 驱动添加的（只有 URL）。</translation>
    </message>
    <message>
        <source>Error parsing URL: Driver.URL &quot;%1&quot; is not tcp://HOST:PORT.</source>
        <translation>URL 解析错误：Driver.URL &quot;%1&quot; 不是 tcp://HOST:PORT 的形式。</translation>
    </message>
    <message>
        <source>The user %1 needs a password for sudo on the host. Allow it password-less sudo (NOPASSWD in /etc/sudoers.d) or log in as root with --generic-ssh-user root.</source>
        <translation>用户 %1 在主机上使用 sudo 需要密码。请允许其免密码使用 sudo（在 /etc/sudoers.d 中设置 NOPASSWD），或用 --generic-ssh-user root 以 root 登录。</translation>
    </message>
    <message>
        <source>%1 failed on the host (exit code %2):
%3</source>
        <translation>%1 在主机上执行失败（退出码 %2）：
%3</translation>
    </message>
    <message>
        <source>/etc/docker/daemon.json on the host sets &quot;%1&quot;, which Berth gives the Docker engine as a flag; the engine does not start when both set it. Leave out the engine option that sets &quot;%1&quot;, or remove &quot;%1&quot; from that file, then provision the machine again.</source>
        <translation>主机上的 /etc/docker/daemon.json 设置了 &quot;%1&quot;，而 Berth 以参数形式把它交给 Docker 引擎；两处同时设置时引擎无法启动。请去掉设置 &quot;%1&quot; 的引擎选项，或从该文件中删除 &quot;%1&quot;，然后重新配置该机器。</translation>
    </message>
    <message>
        <source>Enabling the docker service failed on the host:
%1</source>
        <translation>在主机上启用 docker 服务失败：
%1</translation>
    </message>
    <message>
        <source>Copying the certificates and Docker&apos;s configuration to the host failed (exit code %1):
%2</source>
        <translation>将证书和 Docker 配置复制到主机失败（退出码 %1）：
%2</translation>
    </message>
    <message>
        <source>The host has no /etc/os-release, so Berth cannot tell its operating system. Berth provisions Linux hosts with os-release (Debian, Ubuntu, Fedora, Alpine, Arch, openSUSE, boot2docker).</source>
        <translation>主机上没有 /etc/os-release，Berth 无法判断其操作系统。Berth 能配置带 os-release 的 Linux 主机（Debian、Ubuntu、Fedora、Alpine、Arch、openSUSE、boot2docker）。</translation>
    </message>
    <message>
        <source>Docker is not installed on the host, and Berth does not know how to install it on %1. Install the Docker engine there, then provision the machine again.</source>
        <translation>主机上没有安装 Docker，而 Berth 不知道如何在 %1 上安装它。请在那里安装 Docker 引擎，然后重新配置该机器。</translation>
    </message>
    <message>
        <source>Installing Docker from the distribution&apos;s packages...</source>
        <translation>正在从发行版的软件包安装 Docker...</translation>
    </message>
    <message>
        <source>Installing Docker</source>
        <translation>正在安装 Docker</translation>
    </message>
    <message>
        <source>Docker was installed on the host, but dockerd is not on the PATH. Check the host&apos;s packages.</source>
        <translation>Docker 已安装到主机上，但 dockerd 不在 PATH 中。请检查主机的软件包。</translation>
    </message>
    <message>
        <source>Restarting Docker</source>
        <translation>正在重启 Docker</translation>
    </message>
    <message>
        <source>The init script could not raise the open-files limit; starting dockerd at the host&apos;s hard limit instead.</source>
        <translation>init 脚本无法提高打开文件数的限制；改为以主机的硬限制启动 dockerd。</translation>
    </message>
    <message>
        <source>Restarting Docker with /etc/init.d/docker failed (exit code %1):
%2
%3</source>
        <translation>用 /etc/init.d/docker 重启 Docker 失败（退出码 %1）：
%2
%3</translation>
    </message>
    <message>
        <source>The engine&apos;s log ends with:
%1</source>
        <translation>引擎日志的最后几行：
%1</translation>
    </message>
    <message>
        <source>Canceled while waiting for Docker to restart.</source>
        <translation>等待 Docker 重启时已取消。</translation>
    </message>
    <message>
        <source>Docker did not answer over TLS within %1 s after the restart: %2
%3</source>
        <translation>重启后 Docker 在 %1 秒内没有通过 TLS 响应：%2
%3</translation>
    </message>
    <message>
        <source>Copying certs to the remote machine...</source>
        <translation>正在将证书复制到远程机器...</translation>
    </message>
    <message>
        <source>Setting Docker configuration on the remote daemon...</source>
        <translation>正在远程守护进程上设置 Docker 配置...</translation>
    </message>
    <message>
        <source>Checking connection to Docker...</source>
        <translation>正在检查到 Docker 的连接...</translation>
    </message>
    <message>
        <source>QEMU is not installed</source>
        <translation>QEMU 未安装</translation>
    </message>
    <message>
        <source>QEMU is not installed: %1 is not on the PATH.</source>
        <translation>QEMU 未安装：%1 不在 PATH 中。</translation>
    </message>
    <message>
        <source>QEMU_BINARY names %1, which is not an executable file.</source>
        <translation>QEMU_BINARY 指定的 %1 不是可执行文件。</translation>
    </message>
    <message>
        <source>QEMU does not run</source>
        <translation>QEMU 无法运行</translation>
    </message>
    <message>
        <source>%1 does not run: %2</source>
        <translation>%1 无法运行：%2</translation>
    </message>
    <message>
        <source>Reinstall QEMU. %1</source>
        <translation>请重新安装 QEMU。%1</translation>
    </message>
    <message>
        <source>qemu-img, which makes the VM&apos;s disks, is not installed.</source>
        <translation>用于创建虚拟机磁盘的 qemu-img 未安装。</translation>
    </message>
    <message>
        <source>Berth&apos;s VM image is for x86-64 processors: QEMU emulates one on this computer, which is several times slower.</source>
        <translation>Berth 的虚拟机镜像是为 x86-64 处理器制作的：在本机上 QEMU 需要模拟这种处理器，速度会慢好几倍。</translation>
    </message>
    <message>
        <source>None for now: an image for this processor is planned.</source>
        <translation>暂无：适用于此处理器的镜像已在计划中。</translation>
    </message>
    <message>
        <source>%1 QEMU emulates the processor instead, which is several times slower.</source>
        <translation>%1 QEMU 将改为模拟处理器，速度会慢好几倍。</translation>
    </message>
    <message>
        <source>QEMU %1 with %2</source>
        <translation>QEMU %1，使用 %2</translation>
    </message>
    <message>
        <source>QEMU %1, emulating the processor (no hardware acceleration)</source>
        <translation>QEMU %1，模拟处理器（无硬件加速）</translation>
    </message>
    <message>
        <source>QEMU on this system cannot share a folder into the VM (it has no 9p file system). Leave --qemu-share-folder out.</source>
        <translation>此系统上的 QEMU 无法向虚拟机共享文件夹（它没有 9p 文件系统）。请去掉 --qemu-share-folder。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; contains a comma or a control character, which QEMU cannot take in a shared folder&apos;s path. Share a folder without them.</source>
        <translation>%1 &quot;%2&quot; 含有逗号或控制字符，QEMU 无法接受这样的共享文件夹路径。请共享不含这些字符的文件夹。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is neither virtiofs nor 9p.</source>
        <translation>%1 “%2”既不是 virtiofs 也不是 9p。</translation>
    </message>
    <message>
        <source>%1: QEMU shares a folder through virtiofs on Linux only, not on this system. Leave the option out.</source>
        <translation>%1：QEMU 只在 Linux 上通过 virtiofs 共享文件夹，本系统不行。请去掉该选项。</translation>
    </message>
    <message>
        <source>The virtiofsd program %1 (%2) is not an executable file.</source>
        <translation>virtiofsd 程序 %1（%2）不是可执行文件。</translation>
    </message>
    <message>
        <source>%1 virtiofs needs QEMU&apos;s virtiofsd, which is not installed here (Debian: the package qemu-system-common up to Debian 12, virtiofsd from Debian 13). Install it, or leave the option out.</source>
        <translation>%1 virtiofs 需要 QEMU 的 virtiofsd，但本机未安装（Debian：Debian 12 及以前在 qemu-system-common 软件包中，Debian 13 起为 virtiofsd 软件包）。请安装它，或去掉该选项。</translation>
    </message>
    <message>
        <source>%1 not found. %2 Or give its path with %3.</source>
        <translation>找不到 %1。%2 或者用 %3 指定它的路径。</translation>
    </message>
    <message>
        <source>The QEMU program %1 (%2) is not an executable file.</source>
        <translation>QEMU 程序 %1（%2）不是可执行文件。</translation>
    </message>
    <message>
        <source>qemu-img not found. %1</source>
        <translation>找不到 qemu-img。%1</translation>
    </message>
    <message>
        <source>The VM image %1 mounts no folder shared through virtiofs (%2 virtiofs). Use a newer image, or leave the option out.</source>
        <translation>虚拟机镜像 %1 不会挂载通过 virtiofs 共享的文件夹（%2 virtiofs）。请使用更新的镜像，或去掉该选项。</translation>
    </message>
    <message>
        <source>Local port %1 is already in use. Choose another, or leave the port out and Berth picks a free one.</source>
        <translation>本地端口 %1 已被占用。请另选一个，或不指定端口，由 Berth 选一个空闲端口。</translation>
    </message>
    <message>
        <source>qemu-img could not create the system disk: %1</source>
        <translation>qemu-img 无法创建系统盘：%1</translation>
    </message>
    <message>
        <source>(%1) Creating disks (data disk %2 MB)...</source>
        <translation>(%1) 正在创建磁盘（数据盘 %2 MB）...</translation>
    </message>
    <message>
        <source>qemu-img could not create the data disk: %1</source>
        <translation>qemu-img 无法创建数据盘：%1</translation>
    </message>
    <message>
        <source>(%1) No hardware acceleration (KVM/HVF) here: QEMU emulates the CPU, which is several times slower.</source>
        <translation>(%1) 此处没有硬件加速（KVM/HVF）：QEMU 将模拟 CPU，速度会慢好几倍。</translation>
    </message>
    <message>
        <source>(%1) QEMU uses %2.</source>
        <translation>(%1) QEMU 使用 %2。</translation>
    </message>
    <message>
        <source>Could not move the system disk %1 aside for the new one. Make the machine&apos;s folder writable, then upgrade again.</source>
        <translation>无法把系统盘 %1 移到一旁为新系统盘腾出位置。请让机器的文件夹可写，然后再次升级。</translation>
    </message>
    <message>
        <source>Driver.ShareProtocol &quot;%1&quot; is neither virtiofs nor 9p.</source>
        <translation>Driver.ShareProtocol “%1”既不是 virtiofs 也不是 9p。</translation>
    </message>
    <message>
        <source>Driver.SharedFolder &quot;%1&quot; contains a comma, which QEMU would read as another option.</source>
        <translation>Driver.SharedFolder &quot;%1&quot; 含有逗号，QEMU 会把它当作另一个选项。</translation>
    </message>
    <message>
        <source>Driver.Accelerator &quot;%1&quot; is none of kvm, hvf, whpx and tcg.</source>
        <translation>Driver.Accelerator &quot;%1&quot; 不是 kvm、hvf、whpx 或 tcg 中的任何一个。</translation>
    </message>
    <message>
        <source>QEMU said: %1</source>
        <translation>QEMU 输出：%1</translation>
    </message>
    <message>
        <source>The machine&apos;s disk %1 is missing, so it cannot start. Remove the machine and create it again.</source>
        <translation>机器的磁盘 %1 不见了，因此无法启动。请删除该机器后重新创建。</translation>
    </message>
    <message>
        <source>The VM image file %1 is missing from %2. Remove the machine and create it again.</source>
        <translation>%2 中缺少虚拟机镜像文件 %1。请删除该机器后重新创建。</translation>
    </message>
    <message>
        <source>No free local port for QEMU&apos;s control connection (QMP).</source>
        <translation>没有空闲的本地端口可用于 QEMU 的控制连接（QMP）。</translation>
    </message>
    <message>
        <source>virtiofsd, which serves the shared folder, ended: %1</source>
        <translation>提供共享文件夹的 virtiofsd 已退出：%1</translation>
    </message>
    <message>
        <source>This machine shares its folder through virtiofs, and QEMU&apos;s virtiofsd is not installed here. Install it (Debian: qemu-system-common up to Debian 12, virtiofsd from Debian 13).</source>
        <translation>此机器通过 virtiofs 共享文件夹，但本机未安装 QEMU 的 virtiofsd。请安装它（Debian：Debian 12 及以前为 qemu-system-common，Debian 13 起为 virtiofsd）。</translation>
    </message>
    <message>
        <source>This machine shares its folder through virtiofs, and its virtiofsd %1 is not an executable file any more.</source>
        <translation>此机器通过 virtiofs 共享文件夹，但它的 virtiofsd %1 已不再是可执行文件。</translation>
    </message>
    <message>
        <source>This machine shares its folder through virtiofs, which its VM image %1 does not mount. Run &quot;berth upgrade %2&quot; for a newer image.</source>
        <translation>此机器通过 virtiofs 共享文件夹，但其虚拟机镜像 %1 不会挂载它。请运行“berth upgrade %2”换用更新的镜像。</translation>
    </message>
    <message>
        <source>Canceled: the VM was asked to power down and may still do so.</source>
        <translation>已取消：已要求虚拟机关机，它可能仍会关机。</translation>
    </message>
    <message>
        <source>QEMU (pid %1) did not stop.</source>
        <translation>QEMU（pid %1）没有停止。</translation>
    </message>
    <message>
        <source>QEMU (pid %1) did not die.</source>
        <translation>QEMU（pid %1）没有终止。</translation>
    </message>
    <message>
        <source>QEMU did not start: %1</source>
        <translation>QEMU 没有启动：%1</translation>
    </message>
    <message>
        <source>QEMU did not set the machine up within %1 s: %2</source>
        <translation>QEMU 在 %1 秒内没有完成机器的设置：%2</translation>
    </message>
    <message>
        <source>QEMU is not running: nothing listens on its QMP port %1.</source>
        <translation>QEMU 未在运行：其 QMP 端口 %1 上没有监听。</translation>
    </message>
    <message>
        <source>QEMU did not accept a connection on its QMP port %1 within %2 s. It may be hung.</source>
        <translation>QEMU 在 %2 秒内没有接受其 QMP 端口 %1 上的连接。它可能已挂起。</translation>
    </message>
    <message>
        <source>Cannot connect to QEMU&apos;s QMP port %1: %2.</source>
        <translation>无法连接到 QEMU 的 QMP 端口 %1：%2。</translation>
    </message>
    <message>
        <source>QEMU is not running: no QMP socket at %1.</source>
        <translation>QEMU 未在运行：%1 处没有 QMP 套接字。</translation>
    </message>
    <message>
        <source>QEMU is not running: nothing listens on the QMP socket %1 (left over from a QEMU that stopped).</source>
        <translation>QEMU 未在运行：QMP 套接字 %1 上没有监听（它是已停止的 QEMU 留下的）。</translation>
    </message>
    <message>
        <source>Cannot open the QMP socket %1: %2. Run Berth as the user who started the machine.</source>
        <translation>无法打开 QMP 套接字 %1：%2。请以启动该机器的用户身份运行 Berth。</translation>
    </message>
    <message>
        <source>QEMU did not accept a connection on its QMP socket %1 within %2 s. It may be hung.</source>
        <translation>QEMU 在 %2 秒内没有接受其 QMP 套接字 %1 上的连接。它可能已挂起。</translation>
    </message>
    <message>
        <source>Cannot connect to QEMU&apos;s QMP socket %1: %2.</source>
        <translation>无法连接到 QEMU 的 QMP 套接字 %1：%2。</translation>
    </message>
    <message>
        <source>QEMU did not greet on its QMP socket %1 within %2 s. It may be hung, or another client holds the socket: QEMU serves one at a time.</source>
        <translation>QEMU 在 %2 秒内没有在其 QMP 套接字 %1 上发出问候。它可能已挂起，或有另一个客户端占用了该套接字：QEMU 一次只服务一个客户端。</translation>
    </message>
    <message>
        <source>QEMU closed its QMP socket %1 before greeting. It may be shutting down.</source>
        <translation>QEMU 在发出问候之前关闭了其 QMP 套接字 %1。它可能正在关闭。</translation>
    </message>
    <message>
        <source>%1 is not a QEMU QMP socket: it did not send a QMP greeting.</source>
        <translation>%1 不是 QEMU 的 QMP 套接字：它没有发送 QMP 问候。</translation>
    </message>
    <message>
        <source>QEMU closed its QMP socket %1.</source>
        <translation>QEMU 关闭了其 QMP 套接字 %1。</translation>
    </message>
    <message>
        <source>Not connected to QEMU&apos;s QMP socket %1.</source>
        <translation>未连接到 QEMU 的 QMP 套接字 %1。</translation>
    </message>
    <message>
        <source>QEMU closed its QMP socket %1 before taking &quot;%2&quot;.</source>
        <translation>QEMU 在接收 &quot;%2&quot; 之前关闭了其 QMP 套接字 %1。</translation>
    </message>
    <message>
        <source>QEMU did not take &quot;%1&quot; on its QMP socket %2 within %3 s. It may be hung.</source>
        <translation>QEMU 在 %3 秒内没有在其 QMP 套接字 %2 上接收 &quot;%1&quot;。它可能已挂起。</translation>
    </message>
    <message>
        <source>QEMU closed its QMP socket %1 before answering &quot;%2&quot;.</source>
        <translation>QEMU 在回复 &quot;%2&quot; 之前关闭了其 QMP 套接字 %1。</translation>
    </message>
    <message>
        <source>QEMU did not answer &quot;%1&quot; on its QMP socket %2 within %3 s. It may be hung.</source>
        <translation>QEMU 在 %3 秒内没有在其 QMP 套接字 %2 上回复 &quot;%1&quot;。它可能已挂起。</translation>
    </message>
    <message>
        <source>QEMU sent something other than QMP on %1 while running &quot;%2&quot;.</source>
        <translation>QEMU 在执行 &quot;%2&quot; 时在 %1 上发送了不是 QMP 的内容。</translation>
    </message>
    <message>
        <source>QEMU refused &quot;%1&quot;: %2 (%3).</source>
        <translation>QEMU 拒绝了 &quot;%1&quot;：%2（%3）。</translation>
    </message>
    <message>
        <source>QEMU answered query-status without a status.</source>
        <translation>QEMU 对 query-status 的回复中没有状态。</translation>
    </message>
    <message>
        <source>The system keychain holds no secret for %1.</source>
        <translation>系统钥匙串中没有 %1 的凭据。</translation>
    </message>
    <message>
        <source>Allow Berth to use the keychain when it asks, then try again.</source>
        <translation>请在询问时允许 Berth 使用钥匙串，然后重试。</translation>
    </message>
    <message>
        <source>the program is not running its event loop, or is ending.</source>
        <translation>程序未在运行其事件循环，或正在退出。</translation>
    </message>
    <message>
        <source>The system keychain did not answer within %1 seconds. If it asks to be unlocked, unlock it, then try again.</source>
        <translation>系统钥匙串在 %1 秒内没有响应。如果它要求解锁，请解锁后重试。</translation>
    </message>
    <message>
        <source>The keychain&apos;s work ended before it answered.</source>
        <translation>钥匙串的操作在给出响应之前就结束了。</translation>
    </message>
    <message>
        <source>there is no D-Bus session for this user, so no Secret Service can answer.</source>
        <translation>此用户没有 D-Bus 会话，因此没有可以响应的 Secret Service。</translation>
    </message>
    <message>
        <source>Berth keeps passwords in the macOS Keychain only: unlock the login keychain (Keychain Access), then try again.</source>
        <translation>Berth 只把密码保存在 macOS 钥匙串中：请解锁登录钥匙串（在“钥匙串访问”中），然后重试。</translation>
    </message>
    <message>
        <source>Berth keeps passwords in the Secret Service only, never in a file: log in to a desktop session that runs one (GNOME Keyring or KWallet), or start gnome-keyring-daemon in this session&apos;s D-Bus, unlock its keyring, then try again.</source>
        <translation>Berth 只把密码保存在 Secret Service 中，绝不写入文件：请登录到运行 Secret Service（GNOME Keyring 或 KWallet）的桌面会话，或在此会话的 D-Bus 中启动 gnome-keyring-daemon 并解锁其密钥环，然后重试。</translation>
    </message>
    <message>
        <source>Berth keeps passwords in the Windows Credential Manager only, never in a file: check that the Credential Manager service runs for this user, then try again.</source>
        <translation>Berth 只把密码保存在 Windows 凭据管理器中，绝不写入文件：请检查凭据管理器服务是否在为此用户运行，然后重试。</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation>连接已关闭</translation>
    </message>
    <message>
        <source>Cannot set up TLS: %1.</source>
        <translation>无法建立 TLS：%1。</translation>
    </message>
    <message>
        <source>Cannot start virtiofsd for the shared folder: util-linux&apos;s unshare is not on the PATH.</source>
        <translation>无法为共享文件夹启动 virtiofsd：PATH 中没有 util-linux 的 unshare。</translation>
    </message>
    <message>
        <source>The socket path %1 is too long.</source>
        <translation>套接字路径 %1 太长。</translation>
    </message>
    <message>
        <source>Cannot make the socket %1 for virtiofsd: %2</source>
        <translation>无法为 virtiofsd 创建套接字 %1：%2</translation>
    </message>
    <message>
        <source>QEMU on Windows cannot share a folder through virtiofs.</source>
        <translation>Windows 上的 QEMU 无法通过 virtiofs 共享文件夹。</translation>
    </message>
    <message>
        <source>VirtualBox is not installed</source>
        <translation>VirtualBox 未安装</translation>
    </message>
    <message>
        <source>VirtualBox is not installed: Berth found no VBoxManage.</source>
        <translation>VirtualBox 未安装：Berth 找不到 VBoxManage。</translation>
    </message>
    <message>
        <source>Install VirtualBox %1.%2 or later from https://www.virtualbox.org (or set VBOX_INSTALL_PATH to the folder that holds VBoxManage).</source>
        <translation>请从 https://www.virtualbox.org 安装 VirtualBox %1.%2 或更高版本（或将 VBOX_INSTALL_PATH 设为 VBoxManage 所在的文件夹）。</translation>
    </message>
    <message>
        <source>VirtualBox does not run</source>
        <translation>VirtualBox 无法运行</translation>
    </message>
    <message>
        <source>Reinstall VirtualBox from https://www.virtualbox.org.</source>
        <translation>请从 https://www.virtualbox.org 重新安装 VirtualBox。</translation>
    </message>
    <message>
        <source>VirtualBox %1 cannot be used</source>
        <translation>VirtualBox %1 无法使用</translation>
    </message>
    <message>
        <source>Hyper-V runs on this computer, and VirtualBox cannot use VT-x or AMD-V beside it.</source>
        <translation>本机正在运行 Hyper-V，VirtualBox 无法与其同时使用 VT-x 或 AMD-V。</translation>
    </message>
    <message>
        <source>Choose Hyper-V instead, or turn Hyper-V off (bcdedit /set hypervisorlaunchtype off as an administrator, then restart Windows).</source>
        <translation>请改选 Hyper-V，或关闭 Hyper-V（以管理员身份运行 bcdedit /set hypervisorlaunchtype off，然后重启 Windows）。</translation>
    </message>
    <message>
        <source>Berth&apos;s VM image has no disk for VirtualBox (system.vdi).</source>
        <translation>Berth 的虚拟机镜像中没有供 VirtualBox 使用的磁盘（system.vdi）。</translation>
    </message>
    <message>
        <source>VirtualBox %1</source>
        <translation>VirtualBox %1</translation>
    </message>
    <message>
        <source>VBoxManage --version printed no version (&quot;%1&quot;).</source>
        <translation>VBoxManage --version 没有输出版本号（&quot;%1&quot;）。</translation>
    </message>
    <message>
        <source>VirtualBox %1 is too old: Berth needs %2.%3 or later.</source>
        <translation>VirtualBox %1 版本太旧：Berth 需要 %2.%3 或更高版本。</translation>
    </message>
    <message>
        <source>Install a newer VirtualBox from https://www.virtualbox.org.</source>
        <translation>请从 https://www.virtualbox.org 安装更新版本的 VirtualBox。</translation>
    </message>
    <message>
        <source>VirtualBox %1 is installed, but its kernel module (vboxdrv) is not loaded, so no VM can start.</source>
        <translation>VirtualBox %1 已安装，但其内核模块（vboxdrv）未加载，因此任何虚拟机都无法启动。</translation>
    </message>
    <message>
        <source>Set it up as root with /sbin/vboxconfig, then try again.</source>
        <translation>请以 root 身份运行 /sbin/vboxconfig 进行设置，然后重试。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot;: the name after the colon, where the VM sees the folder (/NAME), may hold only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>%1 &quot;%2&quot;：冒号后的名称（即虚拟机中该文件夹所在的 /NAME）只能包含字母、数字、&apos;.&apos;、&apos;_&apos; 和 &apos;-&apos;。</translation>
    </message>
    <message>
        <source>VirtualBox %1 (%2)</source>
        <translation>VirtualBox %1（%2）</translation>
    </message>
    <message>
        <source>To skip this check, use %1.</source>
        <translation>要跳过此检查，请使用 %1。</translation>
    </message>
    <message>
        <source>Hyper-V runs on this computer, and VirtualBox cannot use VT-x or AMD-V beside it: its VMs do not start, or crawl. Use the Hyper-V driver (hyperv), or turn Hyper-V off (bcdedit /set hypervisorlaunchtype off as an administrator, then restart Windows). %1</source>
        <translation>本机正在运行 Hyper-V，VirtualBox 无法与其同时使用 VT-x 或 AMD-V：其虚拟机无法启动，或运行极慢。请使用 Hyper-V 驱动（hyperv），或关闭 Hyper-V（以管理员身份运行 bcdedit /set hypervisorlaunchtype off，然后重启 Windows）。%1</translation>
    </message>
    <message>
        <source>VirtualBox needs VT-x or AMD-V, and this computer does not offer them. %1 %2 %3</source>
        <translation>VirtualBox 需要 VT-x 或 AMD-V，而本机不提供。%1 %2 %3</translation>
    </message>
    <message>
        <source>The VM image %1 has no %2, which VirtualBox boots. Rebuild it with installer/vm-image/build.sh.</source>
        <translation>虚拟机镜像 %1 中没有 VirtualBox 启动所需的 %2。请用 installer/vm-image/build.sh 重新构建它。</translation>
    </message>
    <message>
        <source>VirtualBox already has a VM named &quot;%1&quot;. Choose another name for the machine, or remove that VM in VirtualBox if it is a leftover.</source>
        <translation>VirtualBox 中已有名为 &quot;%1&quot; 的虚拟机。请为机器换一个名字；如果那台虚拟机是遗留下来的，请在 VirtualBox 中删除它。</translation>
    </message>
    <message>
        <source>VirtualBox %1 allows host-only networks here only in %2 (/etc/vbox/networks.conf), and %3 is not in them. Choose a network there with %4, or add the line &quot;* %5&quot; to /etc/vbox/networks.conf.</source>
        <translation>VirtualBox %1 在此只允许以下范围内的仅主机网络：%2（/etc/vbox/networks.conf），而 %3 不在其中。请用 %4 选择其中的网络，或在 /etc/vbox/networks.conf 中加入一行 &quot;* %5&quot;。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>(%1) Creating VirtualBox VM...</source>
        <translation>(%1) 正在创建 VirtualBox 虚拟机...</translation>
    </message>
    <message>
        <source>Port %1 cannot be used on this computer now.</source>
        <translation>端口 %1 目前无法在本机使用。</translation>
    </message>
    <message>
        <source>VirtualBox has no VM named &quot;%1&quot; any more: it was removed outside Berth. Remove the machine.</source>
        <translation>VirtualBox 中已没有名为 &quot;%1&quot; 的虚拟机：它已在 Berth 之外被删除。请删除该机器。</translation>
    </message>
    <message>
        <source>The VM &quot;%1&quot; is stuck (VirtualBox&apos;s guru meditation): kill it, then start it again. VirtualBox&apos;s log of it: %2</source>
        <translation>虚拟机 &quot;%1&quot; 已卡死（VirtualBox 的 guru meditation）：请强行终止它，然后重新启动。该虚拟机的 VirtualBox 日志：%2</translation>
    </message>
    <message>
        <source>VirtualBox&apos;s log of the VM: %1</source>
        <translation>该虚拟机的 VirtualBox 日志：%1</translation>
    </message>
    <message>
        <source>VirtualBox&apos;s log of the VM (%1) ends with:
%2</source>
        <translation>VirtualBox 的虚拟机日志（%1）最后几行是：
%2</translation>
    </message>
    <message>
        <source>Another Berth command has been setting up VirtualBox&apos;s host-only network for two minutes. Try again when it is done. %1</source>
        <translation>另一个 Berth 命令设置 VirtualBox 的仅主机网络已达两分钟。请在它完成后重试。%1</translation>
    </message>
    <message>
        <source>(%1) Creating a host-only network adapter for %2 (Windows may ask for permission)...</source>
        <translation>(%1) 正在为 %2 创建仅主机网络适配器（Windows 可能会请求权限）...</translation>
    </message>
    <message>
        <source>(%1) Giving the host-only adapter &quot;%2&quot; its address %3 again (Windows may ask for permission)...</source>
        <translation>(%1) 正在重新为仅主机适配器 &quot;%2&quot; 设置地址 %3（Windows 可能会请求权限）...</translation>
    </message>
    <message>
        <source>VirtualBox made no host-only adapter (VBoxManage hostonlyif create said: %1).</source>
        <translation>VirtualBox 没有创建仅主机适配器（VBoxManage hostonlyif create 的输出：%1）。</translation>
    </message>
    <message>
        <source>VirtualBox could not start the VM: %1
VirtualBox&apos;s log of it: %2</source>
        <translation>VirtualBox 无法启动虚拟机：%1
该虚拟机的 VirtualBox 日志：%2</translation>
    </message>
    <message>
        <source>VirtualBox could not start the VM: %1
%2 %3</source>
        <translation>VirtualBox 无法启动虚拟机：%1
%2 %3</translation>
    </message>
    <message>
        <source>(%1) Checking the network, making it again where needed...</source>
        <translation>(%1) 正在检查网络，必要时重新创建...</translation>
    </message>
    <message>
        <source>(%1) Waiting for an IP...</source>
        <translation>(%1) 正在等待 IP 地址...</translation>
    </message>
    <message>
        <source>The VM &quot;%1&quot; has no host-only network adapter, so it has no address this computer reaches. Remove the machine and create it again.</source>
        <translation>虚拟机 &quot;%1&quot; 没有仅主机网络适配器，因此没有本机可访问的地址。请删除该机器并重新创建。</translation>
    </message>
    <message>
        <source>The VM got no address on the host-only network (%1) within %2 s: its adapter with the MAC address %3 has none. VirtualBox&apos;s DHCP server for the network may be off or broken: restart VirtualBox, or the computer. The VM&apos;s interfaces:
%4</source>
        <translation>虚拟机在 %2 秒内没有在仅主机网络（%1）上获得地址：其 MAC 地址为 %3 的适配器没有地址。该网络的 VirtualBox DHCP 服务器可能已关闭或出现故障：请重启 VirtualBox 或计算机。虚拟机的网络接口：
%4</translation>
    </message>
    <message>
        <source>VirtualBox did not power the VM &quot;%1&quot; off within %2 s.</source>
        <translation>VirtualBox 未能在 %2 秒内关闭虚拟机 &quot;%1&quot; 的电源。</translation>
    </message>
    <message>
        <source>(%1) The VM did not power down within %2 s; powering it off.</source>
        <translation>(%1) 虚拟机未在 %2 秒内关机；正在直接关闭电源。</translation>
    </message>
    <message>
        <source>VirtualBox&apos;s VM &quot;%1&quot; is not this machine&apos;s: its settings are in %2, outside the machine&apos;s folder %3. Berth leaves it alone; remove the machine from the store by force, and that VM in VirtualBox if it is not wanted.</source>
        <translation>VirtualBox 的虚拟机 &quot;%1&quot; 不属于这台机器：它的设置位于 %2，在机器的文件夹 %3 之外。Berth 不会动它；请强制从存储中删除该机器，如果不再需要那台虚拟机，也请在 VirtualBox 中删除它。</translation>
    </message>
    <message>
        <source>No Berth VM image found. Build it with installer/vm-image/build.sh (scripts/run.sh does), or name one with BERTH_VM_IMAGE.</source>
        <translation>找不到 Berth 虚拟机镜像。请用 installer/vm-image/build.sh 构建（scripts/run.sh 会这样做），或用 BERTH_VM_IMAGE 指定一个。</translation>
    </message>
    <message>
        <source>The VM image %1 lists no %2. Rebuild it with installer/vm-image/build.sh.</source>
        <translation>虚拟机镜像 %1 中没有列出 %2。请用 installer/vm-image/build.sh 重新构建。</translation>
    </message>
    <message>
        <source>%1 has the wrong size: the VM image is damaged or incomplete. Rebuild it with installer/vm-image/build.sh.</source>
        <translation>%1 的大小不对：虚拟机镜像已损坏或不完整。请用 installer/vm-image/build.sh 重新构建。</translation>
    </message>
    <message>
        <source>%1 does not match its checksum: the VM image is damaged. Rebuild it with installer/vm-image/build.sh.</source>
        <translation>%1 与其校验和不符：虚拟机镜像已损坏。请用 installer/vm-image/build.sh 重新构建。</translation>
    </message>
    <message>
        <source>Cannot create %1. Check the store&apos;s permissions.</source>
        <translation>无法创建 %1。请检查存储的权限。</translation>
    </message>
    <message>
        <source>Cannot copy %1 into the store&apos;s cache %2. Check the free space.</source>
        <translation>无法将 %1 复制到存储的缓存 %2 中。请检查剩余空间。</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>无法创建 %1。</translation>
    </message>
    <message>
        <source>Error setting machine configuration from flags provided: %1</source>
        <translation>根据所给参数设置机器配置时出错：%1</translation>
    </message>
    <message>
        <source>Error with pre-create check: &quot;%1&quot;</source>
        <translation>创建前检查出错：&quot;%1&quot;</translation>
    </message>
    <message>
        <source>Use &quot;berth ls&quot; to list machines. Use &quot;berth create&quot; to add a new one.</source>
        <translation>请用 &quot;berth ls&quot; 列出机器，用 &quot;berth create&quot; 添加新机器。</translation>
    </message>
    <message>
        <source>Remove it with &quot;berth rm %1&quot;.</source>
        <translation>请用 &quot;berth rm %1&quot; 删除它。</translation>
    </message>
    <message>
        <source>Remove it from the store anyway with &quot;berth rm -f %1&quot;.</source>
        <translation>仍可用 &quot;berth rm -f %1&quot; 将它从存储中删除。</translation>
    </message>
    <message>
        <source>Choose another store with -s/--storage-path or MACHINE_STORAGE_PATH.</source>
        <translation>请用 -s/--storage-path 或 MACHINE_STORAGE_PATH 选择其他存储。</translation>
    </message>
    <message>
        <source>Run &quot;berth regenerate-certs %1&quot; to make new ones.</source>
        <translation>请运行 &quot;berth regenerate-certs %1&quot; 生成新的证书。</translation>
    </message>
    <message>
        <source>Use --native-ssh for Berth&apos;s built-in SSH client.</source>
        <translation>请用 --native-ssh 使用 Berth 内置的 SSH 客户端。</translation>
    </message>
    <message>
        <source>Error: No machine name specified. Usage: berth create -d DRIVER [OPTIONS] NAME</source>
        <translation>错误：未指定机器名。用法：berth create -d DRIVER [OPTIONS] NAME</translation>
    </message>
    <message>
        <source>Choose a driver with -d: %1.</source>
        <translation>请用 -d 选择驱动：%1。</translation>
    </message>
    <message>
        <source>Error: Expected to get one or more machine names as arguments</source>
        <translation>错误：需要一个或多个机器名作为参数</translation>
    </message>
    <message>
        <source>About to remove %1
WARNING: This action will delete both local reference and remote instance.
</source>
        <translation>即将删除 %1
警告：此操作会同时删除本地记录和远程实例。
</translation>
    </message>
    <message>
        <source>Are you sure? (y/n): </source>
        <translation>确定吗？(y/n): </translation>
    </message>
    <message>
        <source>Aborting
</source>
        <translation>已中止
</translation>
    </message>
    <message>
        <source>Successfully removed %1
</source>
        <translation>已成功删除 %1
</translation>
    </message>
    <message>
        <source>--timeout must be a number of seconds greater than 0.</source>
        <translation>--timeout 必须是大于 0 的秒数。</translation>
    </message>
    <message>
        <source>Unsupported filter key &apos;%1&apos;. Use driver=, state=, name=, label= or swarm=.</source>
        <translation>不支持的过滤键 &apos;%1&apos;。请使用 driver=、state=、name=、label= 或 swarm=。</translation>
    </message>
    <message>
        <source>Error: Expected no machine name when the -u flag is present</source>
        <translation>错误：使用 -u 参数时不应给出机器名</translation>
    </message>
    <message>
        <source>Error: Expected one machine name as an argument</source>
        <translation>错误：需要一个机器名作为参数</translation>
    </message>
    <message>
        <source>Error: &quot;berth use --unset&quot; takes no machine name.</source>
        <translation>错误：“berth use --unset”不接受机器名称。</translation>
    </message>
    <message>
        <source>The Docker CLI&apos;s current context is its default again.
</source>
        <translation>Docker CLI 的当前上下文已恢复为其默认上下文。
</translation>
    </message>
    <message>
        <source>Error: Expected one machine name: berth use [NAME]</source>
        <translation>错误：需要一个机器名称：berth use [NAME]</translation>
    </message>
    <message>
        <source>Current context is now &quot;%1&quot;; &quot;docker&quot; reaches machine &quot;%2&quot; without &quot;berth env&quot;.
</source>
        <translation>当前上下文现为“%1”；无需“berth env”，“docker”即可连接机器“%2”。
</translation>
    </message>
    <message>
        <source>DOCKER_HOST is set in this shell and wins over the current context: run &quot;eval $(berth env -u)&quot; to unset it.
</source>
        <translation>此 shell 设置了 DOCKER_HOST，它优先于当前上下文：运行“eval $(berth env -u)”取消它。
</translation>
    </message>
    <message>
        <source>template parsing error: %1</source>
        <translation>模板解析错误：%1</translation>
    </message>
    <message>
        <source>Regenerate TLS machine certs?  Warning: this is irreversible. The CA and client certificate are replaced too, so every other machine needs its certs regenerated. (y/n): </source>
        <translation>重新生成机器的 TLS 证书？  警告：此操作不可撤销。CA 和客户端证书也会被替换，因此其他所有机器都需要重新生成证书。(y/n): </translation>
    </message>
    <message>
        <source>Regenerate TLS machine certs?  Warning: this is irreversible. (y/n): </source>
        <translation>重新生成机器的 TLS 证书？  警告：此操作不可撤销。(y/n): </translation>
    </message>
    <message>
        <source>Error: Expected two arguments: berth scp [-r] [MACHINE:]SOURCE [MACHINE:]DESTINATION</source>
        <translation>错误：需要两个参数：berth scp [-r] [MACHINE:]SOURCE [MACHINE:]DESTINATION</translation>
    </message>
    <message>
        <source>Error: neither argument names a machine (MACHINE:PATH); use cp for local copies.</source>
        <translation>错误：两个参数都没有指定机器（MACHINE:PATH）；本地复制请用 cp。</translation>
    </message>
    <message>
        <source>Usage: berth [OPTIONS] COMMAND [arg...]

Create and manage machines running Docker.

Version: %1, build %2

Options:
</source>
        <translation>用法：berth [OPTIONS] COMMAND [arg...]

创建和管理运行 Docker 的机器。

版本：%1，构建 %2

选项：
</translation>
    </message>
    <message>
        <source>Enable debug mode</source>
        <translation>启用调试模式</translation>
    </message>
    <message>
        <source>Configures storage path</source>
        <translation>设置存储路径</translation>
    </message>
    <message>
        <source>show help</source>
        <translation>显示帮助</translation>
    </message>
    <message>
        <source>print the version</source>
        <translation>显示版本</translation>
    </message>
    <message>
        <source>Run &apos;berth COMMAND --help&apos; for more information on a command.</source>
        <translation>运行 &apos;berth COMMAND --help&apos; 查看某个命令的详细信息。</translation>
    </message>
    <message>
        <source>Usage: berth %1 [OPTIONS] %2

%3
</source>
        <translation>用法：berth %1 [OPTIONS] %2

%3
</translation>
    </message>
    <message>
        <source>
Drivers and their flags:
</source>
        <translation>
驱动及其参数：
</translation>
    </message>
    <message>
        <source>
Options:

</source>
        <translation>
选项：

</translation>
    </message>
    <message>
        <source>No help topic for &apos;%1&apos;</source>
        <translation>没有 &apos;%1&apos; 的帮助主题</translation>
    </message>
    <message>
        <source>Driver to create machine with.</source>
        <translation>创建机器所用的驱动。</translation>
    </message>
    <message>
        <source>Custom URL to use for engine installation (kept for docker-machine compatibility; Berth installs the distribution&apos;s package)</source>
        <translation>安装引擎所用的自定义 URL（为兼容 docker-machine 而保留；Berth 安装的是发行版的软件包）</translation>
    </message>
    <message>
        <source>Specify arbitrary flags to include with the created engine in the form flag=value</source>
        <translation>以 flag=value 的形式为创建的引擎指定任意参数</translation>
    </message>
    <message>
        <source>Specify insecure registries to allow with the created engine</source>
        <translation>指定创建的引擎允许使用的不安全镜像仓库</translation>
    </message>
    <message>
        <source>Specify registry mirrors to use</source>
        <translation>指定要使用的镜像仓库镜像站</translation>
    </message>
    <message>
        <source>Specify labels for the created engine</source>
        <translation>为创建的引擎指定标签</translation>
    </message>
    <message>
        <source>Specify a storage driver to use with the engine</source>
        <translation>指定引擎使用的存储驱动</translation>
    </message>
    <message>
        <source>Specify environment variables to set in the engine</source>
        <translation>指定要在引擎中设置的环境变量</translation>
    </message>
    <message>
        <source>Support extra SANs for TLS certs</source>
        <translation>为 TLS 证书添加额外的 SAN</translation>
    </message>
    <message>
        <source>Print which machine is active</source>
        <translation>显示哪台机器处于活动状态</translation>
    </message>
    <message>
        <source>Print the connection config for machine</source>
        <translation>显示机器的连接配置</translation>
    </message>
    <message>
        <source>Display the Swarm config instead of the Docker daemon</source>
        <translation>显示 Swarm 的配置而不是 Docker 守护进程的</translation>
    </message>
    <message>
        <source>Create a machine</source>
        <translation>创建机器</translation>
    </message>
    <message>
        <source>Display the commands to set up the environment for the Docker client</source>
        <translation>显示为 Docker 客户端设置环境的命令</translation>
    </message>
    <message>
        <source>Force environment to be configured for a specified shell: [fish, cmd, powershell, tcsh, emacs], default is auto-detect</source>
        <translation>强制为指定的 shell 配置环境：[fish, cmd, powershell, tcsh, emacs]，默认自动检测</translation>
    </message>
    <message>
        <source>Unset variables instead of setting them</source>
        <translation>取消设置变量，而不是设置它们</translation>
    </message>
    <message>
        <source>Add machine IP to NO_PROXY environment variable</source>
        <translation>将机器 IP 加入 NO_PROXY 环境变量</translation>
    </message>
    <message>
        <source>Inspect information about a machine</source>
        <translation>查看机器的详细信息</translation>
    </message>
    <message>
        <source>Format the output using the given go template.</source>
        <translation>用给定的 Go 模板格式化输出。</translation>
    </message>
    <message>
        <source>Get the IP address of a machine</source>
        <translation>获取机器的 IP 地址</translation>
    </message>
    <message>
        <source>Kill a machine</source>
        <translation>强行终止机器</translation>
    </message>
    <message>
        <source>List machines</source>
        <translation>列出机器</translation>
    </message>
    <message>
        <source>Enable quiet mode</source>
        <translation>启用安静模式</translation>
    </message>
    <message>
        <source>Filter output based on conditions provided</source>
        <translation>按给定条件过滤输出</translation>
    </message>
    <message>
        <source>Timeout in seconds, default to 10s</source>
        <translation>超时秒数，默认 10 秒</translation>
    </message>
    <message>
        <source>Pretty-print machines using a Go template</source>
        <translation>用 Go 模板美化输出机器列表</translation>
    </message>
    <message>
        <source>Re-provision existing machines</source>
        <translation>重新配置现有机器</translation>
    </message>
    <message>
        <source>Regenerate TLS Certificates for a machine</source>
        <translation>为机器重新生成 TLS 证书</translation>
    </message>
    <message>
        <source>Force rebuild and do not prompt</source>
        <translation>强制重新生成，不再询问</translation>
    </message>
    <message>
        <source>Also regenerate client certificates and CA.</source>
        <translation>同时重新生成客户端证书和 CA。</translation>
    </message>
    <message>
        <source>Restart a machine</source>
        <translation>重启机器</translation>
    </message>
    <message>
        <source>Remove a machine</source>
        <translation>删除机器</translation>
    </message>
    <message>
        <source>Remove local configuration even if machine cannot be removed, also implies an automatic yes (`-y`)</source>
        <translation>即使无法删除机器也删除本地配置，同时隐含自动确认（`-y`）</translation>
    </message>
    <message>
        <source>Assumes automatic yes to proceed with remove, without prompting further user confirmation</source>
        <translation>自动确认删除，不再提示用户确认</translation>
    </message>
    <message>
        <source>Log into or run a command on a machine with SSH.</source>
        <translation>通过 SSH 登录机器或在其上运行命令。</translation>
    </message>
    <message>
        <source>Copy files between machines</source>
        <translation>在机器之间复制文件</translation>
    </message>
    <message>
        <source>Copy files recursively (required to copy directories)</source>
        <translation>递归复制文件（复制目录时必需）</translation>
    </message>
    <message>
        <source>Reduce amount of data sent over network by sending only the differences (accepted; Berth always copies whole files)</source>
        <translation>只发送差异部分以减少网络传输量（可以使用；Berth 总是复制整个文件）</translation>
    </message>
    <message>
        <source>Disables the progress meter as well as warning and diagnostic messages from ssh</source>
        <translation>禁用进度条以及 ssh 的警告和诊断信息</translation>
    </message>
    <message>
        <source>Start a machine</source>
        <translation>启动机器</translation>
    </message>
    <message>
        <source>Started machines may have new IP addresses. You may need to re-run the `berth env` command.
</source>
        <translation>启动后的机器可能有新的 IP 地址。你可能需要重新运行 `berth env` 命令。
</translation>
    </message>
    <message>
        <source>Get the status of a machine</source>
        <translation>获取机器的状态</translation>
    </message>
    <message>
        <source>Stop a machine</source>
        <translation>停止机器</translation>
    </message>
    <message>
        <source>Upgrade a machine to the newest Berth VM image, keeping its data</source>
        <translation>将机器升级到最新的 Berth 虚拟机镜像，保留其数据</translation>
    </message>
    <message>
        <source>For a Docker Toolbox machine: create NAME-berth of Berth&apos;s VM image, as big and on the same hypervisor, and copy the machine&apos;s images into it</source>
        <translation>用于 Docker Toolbox 机器：在同一虚拟机管理程序上用 Berth 的虚拟机镜像创建同样大小的 NAME-berth，并把该机器的镜像复制过去</translation>
    </message>
    <message>
        <source>Get the URL of a machine</source>
        <translation>获取机器的 URL</translation>
    </message>
    <message>
        <source>Make a machine the Docker CLI&apos;s current context</source>
        <translation>将机器设为 Docker CLI 的当前上下文</translation>
    </message>
    <message>
        <source>Make the Docker CLI&apos;s own default context the current one again</source>
        <translation>将 Docker CLI 自己的默认上下文重新设为当前上下文</translation>
    </message>
    <message>
        <source>Show the Berth version or a machine docker version</source>
        <translation>显示 Berth 的版本或某台机器的 Docker 版本</translation>
    </message>
    <message>
        <source>Shows a list of commands or help for one command</source>
        <translation>显示命令列表或某个命令的帮助</translation>
    </message>
    <message>
        <source>berth: &apos;%1&apos; is not a berth command.
See &apos;berth help&apos;.</source>
        <translation>berth：&apos;%1&apos; 不是 berth 命令。
请参阅 &apos;berth help&apos;。</translation>
    </message>
    <message>
        <source>
Canceling: Berth undoes what the command did so far. Press Ctrl+C again to stop at once.
</source>
        <translation>
正在取消：Berth 会撤销该命令到目前为止所做的一切。再按一次 Ctrl+C 立即退出。
</translation>
    </message>
    <message>
        <source>Hyper-V has no virtual switch named &quot;%1&quot;, nor any other. Make one in Hyper-V Manager (Virtual Switch Manager), or leave %2 out to use the Default Switch.</source>
        <translation>Hyper-V 中没有名为 &quot;%1&quot; 的虚拟交换机，也没有任何其他虚拟交换机。请在 Hyper-V 管理器（虚拟交换机管理器）中创建一个，或去掉 %2 以使用 Default Switch。</translation>
    </message>
    <message>
        <source>Hyper-V has no virtual switch named &quot;%1&quot;. It has %2: name one of them with %3.</source>
        <translation>Hyper-V 中没有名为 &quot;%1&quot; 的虚拟交换机。现有的虚拟交换机为 %2：请用 %3 指定其中之一。</translation>
    </message>
    <message>
        <source>Hyper-V has neither its Default Switch nor an External virtual switch, so the VM would have no network. Make an External switch in Hyper-V Manager (Virtual Switch Manager, External, on your network adapter), or as an administrator in PowerShell: New-VMSwitch -Name &quot;Berth&quot; -NetAdapterName &quot;Ethernet&quot; -AllowManagementOS $true (Get-NetAdapter lists the adapters&apos; names). Then name it with %1, or run create again.</source>
        <translation>Hyper-V 既没有 Default Switch，也没有外部虚拟交换机，因此虚拟机将没有网络。请在 Hyper-V 管理器中创建一个外部虚拟交换机（虚拟交换机管理器，外部，连接到你的网络适配器），或以管理员身份在 PowerShell 中运行：New-VMSwitch -Name &quot;Berth&quot; -NetAdapterName &quot;Ethernet&quot; -AllowManagementOS $true（Get-NetAdapter 可列出各适配器的名称）。然后用 %1 指定它，或再次运行 create。</translation>
    </message>
    <message>
        <source>Windows PowerShell (powershell.exe) was not found in %1\System32\WindowsPowerShell\v1.0 or on the PATH. Hyper-V is driven through it: repair Windows, or put the folder of powershell.exe on the PATH.</source>
        <translation>Windows PowerShell（powershell.exe）既不在 %1\System32\WindowsPowerShell\v1.0 中，也不在 PATH 中。Berth 要通过它操作 Hyper-V：请修复 Windows，或将 powershell.exe 所在的文件夹加入 PATH。</translation>
    </message>
    <message>
        <source>Hyper-V runs on Windows only: Berth drives it through Windows PowerShell (powershell.exe), which this computer does not have. Choose another driver (virtualbox or qemu).</source>
        <translation>Hyper-V 只能在 Windows 上运行：Berth 通过 Windows PowerShell（powershell.exe）操作它，而本机没有它。请选择其他驱动（virtualbox 或 qemu）。</translation>
    </message>
    <message>
        <source>PowerShell&apos;s answer is not JSON (%1): %2</source>
        <translation>PowerShell 的回复不是 JSON（%1）：%2</translation>
    </message>
    <message>
        <source>Windows PowerShell (%1) could not be started: %2.</source>
        <translation>无法启动 Windows PowerShell（%1）：%2。</translation>
    </message>
    <message>
        <source>Canceled while %1.</source>
        <translation>%1时已取消。</translation>
    </message>
    <message>
        <source>PowerShell did not finish %1 within %2 s and was stopped: Hyper-V does not answer. Look at the VM in Hyper-V Manager; restarting the Hyper-V Virtual Machine Management service (vmms), or Windows, frees a hung Hyper-V.</source>
        <translation>PowerShell 未能在 %2 秒内完成%1，已被终止：Hyper-V 没有响应。请在 Hyper-V 管理器中查看虚拟机；重启 Hyper-V 虚拟机管理服务（vmms）或 Windows，可以让挂起的 Hyper-V 恢复。</translation>
    </message>
    <message>
        <source>Hyper-V failed %1: %2</source>
        <translation>Hyper-V 在%1时出错：%2</translation>
    </message>
    <message>
        <source>Install QEMU for Windows in %ProgramFiles%\qemu, or put its folder on the PATH.</source>
        <translation>请将 QEMU for Windows 安装到 %ProgramFiles%\qemu，或将其文件夹加入 PATH。</translation>
    </message>
    <message>
        <source>Install QEMU (with Homebrew: brew install qemu).</source>
        <translation>请安装 QEMU（使用 Homebrew：brew install qemu）。</translation>
    </message>
    <message>
        <source>Install the packages qemu-system-x86 and qemu-utils (apt install qemu-system-x86 qemu-utils).</source>
        <translation>请安装软件包 qemu-system-x86 和 qemu-utils（apt install qemu-system-x86 qemu-utils）。</translation>
    </message>
    <message>
        <source>Install QEMU (its x86-64 system emulator and qemu-img) with the system&apos;s package manager.</source>
        <translation>请用系统的包管理器安装 QEMU（其 x86-64 系统模拟器和 qemu-img）。</translation>
    </message>
    <message>
        <source>Bad port forward %1 %2: give [ADDRESS:]PORT:HOST:HOSTPORT, for example %1 8080:localhost:80.</source>
        <translation>端口转发 %1 %2 有误：请写成 [ADDRESS:]PORT:HOST:HOSTPORT，例如 %1 8080:localhost:80。</translation>
    </message>
    <message>
        <source>The ssh option %1 needs a value.</source>
        <translation>ssh 选项 %1 需要一个值。</translation>
    </message>
    <message>
        <source>The built-in SSH client does not support the ssh option %1 %2. Install OpenSSH&apos;s ssh client (Berth then uses it), or leave the option out.</source>
        <translation>内置 SSH 客户端不支持 ssh 选项 %1 %2。请安装 OpenSSH 的 ssh 客户端（Berth 会改用它），或去掉该选项。</translation>
    </message>
    <message>
        <source>Unknown ssh option %1.</source>
        <translation>未知的 ssh 选项 %1。</translation>
    </message>
    <message>
        <source>The built-in SSH client does not support the ssh option %1. Install OpenSSH&apos;s ssh client (Berth then uses it), or leave the option out.</source>
        <translation>内置 SSH 客户端不支持 ssh 选项 %1。请安装 OpenSSH 的 ssh 客户端（Berth 会改用它），或去掉该选项。</translation>
    </message>
    <message>
        <source>Cannot run %1: %2. Berth&apos;s built-in SSH client does without it.</source>
        <translation>无法运行 %1：%2。Berth 内置的 SSH 客户端不需要它。</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder in %1 to copy through: %2. Set TMPDIR to a folder you may write to.</source>
        <translation>无法在 %1 中创建用于中转复制的临时文件夹：%2。请将 TMPDIR 设为你可以写入的文件夹。</translation>
    </message>
    <message>
        <source>Cannot forward the local port %1 (-L %2): %3. Choose a port that is free here.</source>
        <translation>无法转发本地端口 %1（-L %2）：%3。请选择本机上空闲的端口。</translation>
    </message>
    <message>
        <source>%1 refused to forward its port %2 (-R %3): %4. Check that its sshd allows TCP forwarding (AllowTcpForwarding) and that the port is free there.</source>
        <translation>%1 拒绝转发其端口 %2（-R %3）：%4。请检查其 sshd 是否允许 TCP 转发（AllowTcpForwarding），以及该端口在那里是否空闲。</translation>
    </message>
    <message>
        <source>Allocated port %1 for remote forward to %2</source>
        <translation>已为到 %2 的远程转发分配端口 %1</translation>
    </message>
    <message>
        <source>%1 refused a terminal (PTY): %2.</source>
        <translation>%1 拒绝分配终端（PTY）：%2。</translation>
    </message>
    <message>
        <source>%1 refused to start %2: %3.</source>
        <translation>%1 拒绝启动 %2：%3。</translation>
    </message>
    <message>
        <source>a shell</source>
        <translation>shell</translation>
    </message>
    <message>
        <source>Cannot connect to %1 for the remote forward %2: %3</source>
        <translation>无法为远程转发 %2 连接到 %1：%3</translation>
    </message>
    <message>
        <source>%1 refused to connect to %2 for the local forward %3: %4</source>
        <translation>%1 拒绝为本地转发 %3 连接到 %2：%4</translation>
    </message>
    <message>
        <source>The remote command on %1 ended without an exit status (it may have been killed by a signal).</source>
        <translation>%1 上的远程命令结束时没有退出状态（可能被信号终止了）。</translation>
    </message>
    <message>
        <source>cannot resolve %1: %2</source>
        <translation>无法解析 %1：%2</translation>
    </message>
    <message>
        <source>no usable address</source>
        <translation>没有可用的地址</translation>
    </message>
    <message>
        <source>Windows Sockets cannot start: %1</source>
        <translation>Windows Sockets 无法启动：%1</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not an IPv4 address with a prefix length, such as 192.168.59.1/24.</source>
        <translation>%1 &quot;%2&quot; 不是带前缀长度的 IPv4 地址（例如 192.168.59.1/24）。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot;: the prefix length must be from 8 to 29.</source>
        <translation>%1 &quot;%2&quot;：前缀长度必须在 8 到 29 之间。</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; names the network, not this computer&apos;s address on it: give one such as %3.</source>
        <translation>%1 &quot;%2&quot; 指的是网络本身，而不是本机在该网络上的地址：请给出类似 %3 的地址。</translation>
    </message>
    <message>
        <source>VirtualBox&apos;s host-only adapter &quot;%1&quot; already has %2, in the network of %3. Choose another network with %4, or remove that adapter in VirtualBox&apos;s Network Manager if nothing uses it.</source>
        <translation>VirtualBox 的仅主机适配器 &quot;%1&quot; 已占用 %2，与 %3 在同一网络中。请用 %4 选择其他网络；如果那个适配器没有被使用，也可以在 VirtualBox 的网络管理器中删除它。</translation>
    </message>
    <message>
        <source>The host-only network %1 collides with the network of this computer&apos;s interface &quot;%2&quot; (%3). Choose another network with %4, for example %5.</source>
        <translation>仅主机网络 %1 与本机网络接口 &quot;%2&quot;（%3）所在的网络冲突。请用 %4 选择其他网络，例如 %5。</translation>
    </message>
    <message>
        <source>Another hypervisor holds the CPU&apos;s virtualisation extensions (VT-x or AMD-V): on Linux the KVM kernel module, used by QEMU and libvirt.</source>
        <translation>另一个虚拟机监控程序占用了 CPU 的虚拟化扩展（VT-x 或 AMD-V）：在 Linux 上是 QEMU 和 libvirt 所用的 KVM 内核模块。</translation>
    </message>
    <message>
        <source>Stop the VMs of the other hypervisor and unload KVM (modprobe -r kvm_intel or modprobe -r kvm_amd as root), or use Berth&apos;s QEMU driver, which runs on KVM.</source>
        <translation>请停止另一个虚拟机监控程序的虚拟机并卸载 KVM（以 root 身份运行 modprobe -r kvm_intel 或 modprobe -r kvm_amd），或改用 Berth 的 QEMU 驱动，它基于 KVM 运行。</translation>
    </message>
    <message>
        <source>Windows&apos;s own hypervisor (Hyper-V) runs, and VirtualBox cannot use VT-x or AMD-V beside it.</source>
        <translation>Windows 自带的虚拟机监控程序（Hyper-V）正在运行，VirtualBox 无法与其同时使用 VT-x 或 AMD-V。</translation>
    </message>
    <message>
        <source>Use the Hyper-V driver (hyperv), or turn Hyper-V off (bcdedit /set hypervisorlaunchtype off as an administrator, then restart Windows).</source>
        <translation>请使用 Hyper-V 驱动（hyperv），或关闭 Hyper-V（以管理员身份运行 bcdedit /set hypervisorlaunchtype off，然后重启 Windows）。</translation>
    </message>
    <message>
        <source>VT-x or AMD-V is turned off in this computer&apos;s firmware.</source>
        <translation>VT-x 或 AMD-V 已在本机的固件中关闭。</translation>
    </message>
    <message>
        <source>Turn on Intel VT-x or AMD-V (also called SVM or Virtualization Technology) in the firmware (BIOS or UEFI) settings.</source>
        <translation>请在固件（BIOS 或 UEFI）设置中开启 Intel VT-x 或 AMD-V（也称为 SVM 或 Virtualization Technology）。</translation>
    </message>
    <message>
        <source>The CPU offers no VT-x or AMD-V to VirtualBox: it lacks them, or this computer is itself a VM that does not pass them on.</source>
        <translation>CPU 没有向 VirtualBox 提供 VT-x 或 AMD-V：CPU 不支持它们，或者本机本身就是一台虚拟机，其虚拟机监控程序没有把它们传递进来。</translation>
    </message>
    <message>
        <source>Run Berth on a computer with VT-x or AMD-V, or turn on nested virtualisation in the hypervisor that runs this one.</source>
        <translation>请在支持 VT-x 或 AMD-V 的计算机上运行 Berth，或在运行本机的虚拟机监控程序中开启嵌套虚拟化。</translation>
    </message>
    <message>
        <source>VirtualBox&apos;s kernel driver (vboxdrv) is not loaded.</source>
        <translation>VirtualBox 的内核驱动（vboxdrv）未加载。</translation>
    </message>
    <message>
        <source>Set it up again as root with /sbin/vboxconfig (on Linux), or reinstall VirtualBox.</source>
        <translation>请（在 Linux 上）以 root 身份运行 /sbin/vboxconfig 重新设置，或重新安装 VirtualBox。</translation>
    </message>
    <message>
        <source>VBoxManage not found: VirtualBox is not installed, or not where Berth looks (VBOX_MSI_INSTALL_PATH, VBOX_INSTALL_PATH, VirtualBox&apos;s own folder, the PATH). Install VirtualBox 5.2 or later from https://www.virtualbox.org, or set VBOX_INSTALL_PATH to the folder that holds VBoxManage.</source>
        <translation>找不到 VBoxManage：VirtualBox 未安装，或者不在 Berth 查找的位置（VBOX_MSI_INSTALL_PATH、VBOX_INSTALL_PATH、VirtualBox 自己的安装文件夹、PATH）。请从 https://www.virtualbox.org 安装 VirtualBox 5.2 或更高版本，或将 VBOX_INSTALL_PATH 设为 VBoxManage 所在的文件夹。</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>VBoxManage (%1) could not be started: %2. Reinstall VirtualBox, or set VBOX_INSTALL_PATH to the folder that holds a working VBoxManage.</source>
        <translation>无法启动 VBoxManage（%1）：%2。请重新安装 VirtualBox，或将 VBOX_INSTALL_PATH 设为包含可用 VBoxManage 的文件夹。</translation>
    </message>
    <message>
        <source>%1 did not finish within %2 s and was stopped: VirtualBox does not answer. Close VirtualBox&apos;s windows, end its VBoxSVC process (or restart the computer), and try again.</source>
        <translation>%1 未在 %2 秒内完成，已被终止：VirtualBox 没有响应。请关闭 VirtualBox 的窗口，结束其 VBoxSVC 进程（或重启计算机），然后重试。</translation>
    </message>
    <message>
        <source>the processors of this computer</source>
        <translation>本机的处理器数</translation>
    </message>
    <message>
        <source>the memory of this computer, in MB</source>
        <translation>本机的内存大小，单位 MB</translation>
    </message>
</context>
<context>
    <name>berth::Autostart</name>
    <message>
        <source>&quot;%1&quot; holds a line break or control character, which cannot be written into what starts programs at login. Move Berth to a folder without it.</source>
        <translation>&quot;%1&quot; 含有换行符或控制字符，无法写入登录时启动程序的配置。请将 Berth 移到不含这些字符的文件夹中。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; holds a double quote, which Windows cannot start.</source>
        <translation>&quot;%1&quot; 含有双引号，Windows 无法启动它。</translation>
    </message>
    <message>
        <source>HOME is not set, so there is no folder for programs started at login. Log in again, then turn this on.</source>
        <translation>HOME 未设置，因此没有存放登录时启动程序的文件夹。请重新登录，然后再开启此项。</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Check that you may write to that folder.</source>
        <translation>无法写入 %1：%2。请检查你是否有该文件夹的写入权限。</translation>
    </message>
    <message>
        <source>Could not remove %1: %2. Remove it yourself to stop Berth starting at login.</source>
        <translation>无法删除 %1：%2。请自行删除它，以免 Berth 在登录时启动。</translation>
    </message>
    <message>
        <source>Could not write the value %1 under %2 in the registry. Check that your account may change its own registry settings.</source>
        <translation>无法在注册表的 %2 下写入值 %1。请检查你的帐户能否修改自己的注册表设置。</translation>
    </message>
    <message>
        <source>Could not remove the value %1 under %2 in the registry. Remove it with the Registry Editor to stop Berth starting at login.</source>
        <translation>无法删除注册表中 %2 下的值 %1。请用注册表编辑器删除它，以免 Berth 在登录时启动。</translation>
    </message>
</context>
<context>
    <name>berth::MachineOperations</name>
    <message>
        <source>&quot;%1&quot; is busy: %2 is still under way. Wait for it to finish, or cancel it.</source>
        <translation>&quot;%1&quot; 正忙：%2，尚未完成。请等它完成，或取消它。</translation>
    </message>
</context>
<context>
    <name>berth::TerminalLauncher</name>
    <message>
        <source>The terminal TERMINAL names</source>
        <translation>TERMINAL 指定的终端</translation>
    </message>
    <message>
        <source>The system&apos;s default terminal (x-terminal-emulator)</source>
        <translation>系统默认终端（x-terminal-emulator）</translation>
    </message>
    <message>
        <source>GNOME Terminal</source>
        <translation>GNOME 终端</translation>
    </message>
    <message>
        <source>Konsole</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>XTerm</source>
        <translation>XTerm</translation>
    </message>
    <message>
        <source>Windows Terminal</source>
        <translation>Windows 终端</translation>
    </message>
    <message>
        <source>PowerShell</source>
        <translation>PowerShell</translation>
    </message>
    <message>
        <source>Command Prompt (cmd)</source>
        <translation>命令提示符（cmd）</translation>
    </message>
    <message>
        <source>Git Bash</source>
        <translation>Git Bash</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>iTerm2</source>
        <translation>iTerm2</translation>
    </message>
    <message>
        <source>The banner &quot;%1&quot; holds a line break or &apos;%&apos;, which cmd cannot show. Choose another terminal in Settings.</source>
        <translation>标题 &quot;%1&quot; 含有换行符或 &apos;%&apos;，cmd 无法显示。请在设置中选择其他终端。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a name a shell variable can have.</source>
        <translation>&quot;%1&quot; 不能用作 shell 变量名。</translation>
    </message>
    <message>
        <source>The value of %1, &quot;%2&quot;, holds a line break or control character, which this terminal&apos;s shell cannot be given. Choose another terminal in Settings.</source>
        <translation>%1 的值 &quot;%2&quot; 含有换行符或控制字符，无法传给此终端的 shell。请在设置中选择其他终端。</translation>
    </message>
    <message>
        <source>No console program was found: neither Windows Terminal, PowerShell, cmd nor Git Bash. Check that the ComSpec environment variable names cmd.exe.</source>
        <translation>找不到控制台程序：Windows 终端、PowerShell、cmd 和 Git Bash 都没有。请检查 ComSpec 环境变量是否指向 cmd.exe。</translation>
    </message>
    <message>
        <source>Neither Terminal nor iTerm2 was found in Applications, or osascript is missing. Reinstall Terminal from macOS&apos;s recovery, or install iTerm2.</source>
        <translation>在“应用程序”中找不到“终端”或 iTerm2，或者缺少 osascript。请从 macOS 恢复模式重新安装“终端”，或安装 iTerm2。</translation>
    </message>
    <message>
        <source>No terminal program was found: TERMINAL is not set, and neither x-terminal-emulator, gnome-terminal, konsole nor xterm is in PATH. Install one of them, or set TERMINAL to your terminal&apos;s program.</source>
        <translation>找不到终端程序：TERMINAL 未设置，PATH 中也没有 x-terminal-emulator、gnome-terminal、konsole 或 xterm。请安装其中之一，或将 TERMINAL 设为你的终端程序。</translation>
    </message>
    <message>
        <source>Docker machine %1: docker commands here use it.</source>
        <translation>Docker 机器 %1：此处的 docker 命令将使用它。</translation>
    </message>
    <message>
        <source>Docker: %1</source>
        <translation>Docker：%1</translation>
    </message>
    <message>
        <source>%1 could not be started: %2. Choose another terminal in Settings.</source>
        <translation>无法启动 %1：%2。请在设置中选择其他终端。</translation>
    </message>
    <message>
        <source>it is not in PATH</source>
        <translation>它不在 PATH 中</translation>
    </message>
</context>
<context>
    <name>berth::ui</name>
    <message>
        <source>Not created</source>
        <translation>未创建</translation>
    </message>
    <message>
        <source>%1 is not created yet</source>
        <translation>%1 尚未创建</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>正在运行</translation>
    </message>
    <message>
        <source>%1 is running</source>
        <translation>%1 正在运行</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>%1 is stopped</source>
        <translation>%1 已停止</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <source>%1 is starting</source>
        <translation>%1 正在启动</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>正在停止</translation>
    </message>
    <message>
        <source>%1 is stopping</source>
        <translation>%1 正在停止</translation>
    </message>
    <message>
        <source>Creating</source>
        <translation>正在创建</translation>
    </message>
    <message>
        <source>%1 is being created</source>
        <translation>%1 正在创建</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>%1 has a problem</source>
        <translation>%1 出了问题</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>%1 is paused</source>
        <translation>%1 已暂停</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>%1 is saved</source>
        <translation>%1 已保存状态</translation>
    </message>
    <message>
        <source>Not answering</source>
        <translation>无响应</translation>
    </message>
    <message>
        <source>%1 is not answering</source>
        <translation>%1 没有响应</translation>
    </message>
</context>
<context>
    <name>berth::ui::CheckPage</name>
    <message>
        <source>Checking this computer</source>
        <translation>检查本机</translation>
    </message>
    <message>
        <source>Which hypervisor will run the Docker machine.</source>
        <translation>选择由哪个虚拟机监控程序来运行 Docker 机器。</translation>
    </message>
    <message>
        <source>Looking for hypervisors...</source>
        <translation>正在查找虚拟机监控程序...</translation>
    </message>
    <message>
        <source>An existing Linux host, over SSH</source>
        <translation>通过 SSH 访问的现有 Linux 主机</translation>
    </message>
    <message>
        <source>Berth installs and secures Docker on a host you already have.</source>
        <translation>Berth 在你已有的主机上安装 Docker，并做好安全配置。</translation>
    </message>
    <message>
        <source>Hardware virtualisation: %1 is available.</source>
        <translation>硬件虚拟化：%1 可用。</translation>
    </message>
    <message>
        <source>Hardware virtualisation is not available: %1 %2</source>
        <translation>硬件虚拟化不可用：%1 %2</translation>
    </message>
    <message>
        <source>Berth found what it needs. The best choice is selected.</source>
        <translation>Berth 已找到所需的一切，并已选中最佳选项。</translation>
    </message>
    <message>
        <source>No hypervisor on this computer can run Berth&apos;s VM yet; see what to do below, or use an existing Linux host.</source>
        <translation>本机目前还没有能运行 Berth 虚拟机的虚拟机监控程序；请参阅下方的解决办法，或使用现有的 Linux 主机。</translation>
    </message>
</context>
<context>
    <name>berth::ui::CreatePage</name>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Delete and retry</source>
        <translation>删除并重试</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Creating the machine</source>
        <translation>创建机器</translation>
    </message>
    <message>
        <source>Canceling: removing what was made...</source>
        <translation>正在取消：正在删除已创建的内容...</translation>
    </message>
    <message>
        <source>Storing the proxy password in the system&apos;s keychain...</source>
        <translation>正在将代理密码存入系统钥匙串...</translation>
    </message>
    <message>
        <source>The proxy password could not be stored in the system&apos;s keychain: %1</source>
        <translation>无法将代理密码存入系统钥匙串：%1</translation>
    </message>
    <message>
        <source>Creating &quot;%1&quot;...</source>
        <translation>正在创建 &quot;%1&quot;...</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is ready.</source>
        <translation>&quot;%1&quot; 已就绪。</translation>
    </message>
    <message>
        <source>Canceled; nothing was kept.</source>
        <translation>已取消；未保留任何内容。</translation>
    </message>
    <message>
        <source>Creating the machine failed.</source>
        <translation>创建机器失败。</translation>
    </message>
    <message>
        <source>

Last steps:
%1</source>
        <translation>

最后几步：
%1</translation>
    </message>
    <message>
        <source>Removing &quot;%1&quot;...</source>
        <translation>正在删除 &quot;%1&quot;...</translation>
    </message>
</context>
<context>
    <name>berth::ui::DonePage</name>
    <message>
        <source>Open Docker shell</source>
        <translation>打开 Docker shell</translation>
    </message>
    <message>
        <source>Start Berth when I log in</source>
        <translation>登录时启动 Berth</translation>
    </message>
    <message>
        <source>Your Docker machine is ready</source>
        <translation>你的 Docker 机器已就绪</translation>
    </message>
    <message>
        <source>Berth stays in the tray: its icon shows whether Docker is up, and its menu starts, stops and opens a shell. The same machine works from the command line: &lt;tt&gt;berth ls&lt;/tt&gt;, &lt;tt&gt;berth env&lt;/tt&gt;.</source>
        <translation>Berth 会留在托盘中：托盘图标显示 Docker 是否在运行，托盘菜单可以启动、停止机器和打开 shell。同一台机器也可以在命令行中使用：&lt;tt&gt;berth ls&lt;/tt&gt;、&lt;tt&gt;berth env&lt;/tt&gt;。</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>登录时启动</translation>
    </message>
</context>
<context>
    <name>berth::ui::MachineActions</name>
    <message>
        <source>Create it with New machine.</source>
        <translation>请用“新建机器”创建它。</translation>
    </message>
    <message>
        <source>Remove it with Remove.</source>
        <translation>请用“删除”删除它。</translation>
    </message>
    <message>
        <source>Set MACHINE_STORAGE_PATH to another folder and start Berth again.</source>
        <translation>请将 MACHINE_STORAGE_PATH 设为其他文件夹，然后重新启动 Berth。</translation>
    </message>
    <message>
        <source>Use Regenerate certificates to make new ones.</source>
        <translation>请用“重新生成证书”生成新的证书。</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPU 数</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Shared folder</source>
        <translation>共享文件夹</translation>
    </message>
    <message>
        <source>the switch &quot;Share my home folder&quot;</source>
        <translation>“与机器共享我的主目录”开关</translation>
    </message>
    <message>
        <source>Host address</source>
        <translation>主机地址</translation>
    </message>
    <message>
        <source>SSH user</source>
        <translation>SSH 用户</translation>
    </message>
    <message>
        <source>SSH key</source>
        <translation>SSH 密钥</translation>
    </message>
    <message>
        <source>SSH port</source>
        <translation>SSH 端口</translation>
    </message>
    <message>
        <source>Proxy setting</source>
        <translation>代理设置</translation>
    </message>
    <message>
        <source>Registry mirror</source>
        <translation>镜像仓库镜像站</translation>
    </message>
    <message>
        <source>Insecure registry</source>
        <translation>不安全的仓库</translation>
    </message>
    <message>
        <source>the environment variable %1</source>
        <translation>环境变量 %1</translation>
    </message>
    <message>
        <source>Docker context not set</source>
        <translation>未设置 Docker 上下文</translation>
    </message>
    <message>
        <source>Starting %1 failed</source>
        <translation>启动 %1 失败</translation>
    </message>
    <message>
        <source>Stopping %1 failed</source>
        <translation>停止 %1 失败</translation>
    </message>
    <message>
        <source>Restarting %1 failed</source>
        <translation>重启 %1 失败</translation>
    </message>
    <message>
        <source>Removing %1 failed</source>
        <translation>删除 %1 失败</translation>
    </message>
    <message>
        <source>Regenerating the certificates of %1 failed</source>
        <translation>重新生成 %1 的证书失败</translation>
    </message>
    <message>
        <source>Upgrading %1 failed</source>
        <translation>升级 %1 失败</translation>
    </message>
    <message>
        <source>Opening a Docker shell for %1 failed</source>
        <translation>为 %1 打开 Docker shell 失败</translation>
    </message>
</context>
<context>
    <name>berth::ui::MachineModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>驱动</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Docker</source>
        <translation>Docker</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
</context>
<context>
    <name>berth::ui::MainWindow</name>
    <message>
        <source>Berth</source>
        <translation>Berth</translation>
    </message>
    <message>
        <source>What the last operation on the selected machine did appears here.</source>
        <translation>此处显示所选机器上一次操作的过程。</translation>
    </message>
    <message>
        <source>Machines</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>New machine...</source>
        <translation>新建机器…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Open Docker shell</source>
        <translation>打开 Docker shell</translation>
    </message>
    <message>
        <source>Copy env command</source>
        <translation>复制 env 命令</translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation>已复制：%1</translation>
    </message>
    <message>
        <source>Regenerate certificates</source>
        <translation>重新生成证书</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Remove...</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Settings...</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <source>Remove the machine &quot;%1&quot;? Its VM and everything in it (images, containers, volumes) are deleted; this cannot be undone.</source>
        <translation>删除机器 &quot;%1&quot;？它的虚拟机及其中的所有内容（镜像、容器、卷）都会被删除；此操作无法撤销。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>berth::ui::NetworkPage</name>
    <message>
        <source>Share my home folder (%1) with the machine</source>
        <translation>与机器共享我的主目录（%1）</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>How the Docker engine reaches registries. Leave the proxy empty when this computer connects directly.</source>
        <translation>Docker 引擎如何访问镜像仓库。如果本机直接连接网络，请将代理留空。</translation>
    </message>
    <message>
        <source>kept in the system&apos;s keychain, never in a file</source>
        <translation>保存在系统钥匙串中，绝不写入文件</translation>
    </message>
    <message>
        <source>https://mirror.example.com, ...</source>
        <translation>https://mirror.example.com, ...</translation>
    </message>
    <message>
        <source>registry.lan:5000, ...</source>
        <translation>registry.lan:5000, ...</translation>
    </message>
    <message>
        <source>HTTP proxy:</source>
        <translation>HTTP 代理：</translation>
    </message>
    <message>
        <source>HTTPS proxy:</source>
        <translation>HTTPS 代理：</translation>
    </message>
    <message>
        <source>No proxy for:</source>
        <translation>不使用代理的地址：</translation>
    </message>
    <message>
        <source>Proxy user:</source>
        <translation>代理用户名：</translation>
    </message>
    <message>
        <source>Proxy password:</source>
        <translation>代理密码：</translation>
    </message>
    <message>
        <source>Registry mirrors:</source>
        <translation>镜像仓库镜像站：</translation>
    </message>
    <message>
        <source>Insecure registries:</source>
        <translation>不安全镜像仓库：</translation>
    </message>
</context>
<context>
    <name>berth::ui::ResourcesPage</name>
    <message>
        <source>The machine</source>
        <translation>机器</translation>
    </message>
    <message>
        <source>Its name, and what it may use of this computer.</source>
        <translation>机器的名称，以及它可以使用本机的多少资源。</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source> GB</source>
        <translation> GB</translation>
    </message>
    <message>
        <source>CPUs:</source>
        <translation>CPU 数：</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>Disk:</source>
        <translation>磁盘：</translation>
    </message>
    <message>
        <source>Host address:</source>
        <translation>主机地址：</translation>
    </message>
    <message>
        <source>SSH user:</source>
        <translation>SSH 用户：</translation>
    </message>
    <message>
        <source>SSH key:</source>
        <translation>SSH 密钥：</translation>
    </message>
    <message>
        <source>SSH port:</source>
        <translation>SSH 端口：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Limits: %1.</source>
        <translation>上限：%1。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>berth::ui::SettingsDialog</name>
    <message>
        <source>Start Berth when I log in</source>
        <translation>登录时启动 Berth</translation>
    </message>
    <message>
        <source>Berth Settings</source>
        <translation>Berth 设置</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>The system&apos;s</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>A new language takes effect when Berth starts again.</source>
        <translation>新的语言将在 Berth 重新启动后生效。</translation>
    </message>
    <message>
        <source>Terminal:</source>
        <translation>终端：</translation>
    </message>
    <message>
        <source>Machine in the tray:</source>
        <translation>托盘中的机器：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>登录时启动</translation>
    </message>
</context>
<context>
    <name>berth::ui::SetupWizard</name>
    <message>
        <source>Set up Berth</source>
        <translation>设置 Berth</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>berth::ui::TrayController</name>
    <message>
        <source>Berth: no machine &quot;%1&quot; yet</source>
        <translation>Berth：还没有机器 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Berth: %1</source>
        <translation>Berth：%1</translation>
    </message>
    <message>
        <source>%1 stopped</source>
        <translation>%1 已停止</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 出错</translation>
    </message>
    <message>
        <source>Docker machine %1 is no longer running.</source>
        <translation>Docker 机器 %1 已停止运行。</translation>
    </message>
    <message>
        <source>Open Docker shell</source>
        <translation>打开 Docker shell</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>No machine &quot;%1&quot; yet</source>
        <translation>还没有机器 &quot;%1&quot;</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Open Berth</source>
        <translation>打开 Berth</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>berth::ui::WelcomePage</name>
    <message>
        <source>Welcome to Berth</source>
        <translation>欢迎使用 Berth</translation>
    </message>
    <message>
        <source>Docker on this computer, in a small virtual machine of its own.</source>
        <translation>在本机上运行 Docker，使用一台专属的小型虚拟机。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Berth sets up a Docker machine: a small Linux VM that runs the Docker engine, reached over TLS. Once it runs, the tray icon shows its state and &lt;b&gt;Open Docker shell&lt;/b&gt; opens a terminal in which &lt;tt&gt;docker&lt;/tt&gt; just works.&lt;/p&gt;&lt;p&gt;The next pages check which hypervisor this computer has, then ask for the machine&apos;s name, its CPUs, memory and disk, and its network.&lt;/p&gt;&lt;p&gt;The machine takes the memory you give it (1 GB by default) while it runs, and up to the disk size you choose (20 GB by default) as your images and containers fill it, plus about 300 MB for Berth&apos;s VM image.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Berth 会为你设置一台 Docker 机器：一台运行 Docker 引擎的小型 Linux 虚拟机，通过 TLS 访问。机器运行后，托盘图标会显示它的状态，&lt;b&gt;打开 Docker shell&lt;/b&gt; 会打开一个终端，在其中可以直接使用 &lt;tt&gt;docker&lt;/tt&gt;。&lt;/p&gt;&lt;p&gt;接下来的几页会检查本机有哪个虚拟机监控程序，然后询问机器的名称、CPU、内存和磁盘，以及网络设置。&lt;/p&gt;&lt;p&gt;机器运行时会占用你分配给它的内存（默认 1 GB）；随着镜像和容器的增加，它占用的磁盘空间最多可达你选择的磁盘大小（默认 20 GB），另外 Berth 的虚拟机镜像还需要约 300 MB。&lt;/p&gt;</translation>
    </message>
</context>
</TS>
