#include "networkpage.h"

#include "setupwizard.h"

#include <QCheckBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkProxyFactory>
#include <QNetworkProxyQuery>
#include <QUrl>

namespace berth::ui {

QString systemProxy(const QString &url)
{
    const bool https = url.startsWith(QLatin1String("https:"));
    const QString fromEnvironment = https ? qEnvironmentVariable("https_proxy", qEnvironmentVariable("HTTPS_PROXY"))
                                          : qEnvironmentVariable("http_proxy", qEnvironmentVariable("HTTP_PROXY"));
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QList<QNetworkProxy> proxies = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(QUrl(url)));
    for (const QNetworkProxy &proxy : proxies) {
        if (proxy.type() == QNetworkProxy::HttpProxy && !proxy.hostName().isEmpty())
            return QStringLiteral("http://%1:%2").arg(proxy.hostName()).arg(proxy.port());
    }
    return {};
}

NetworkPage::NetworkPage(QWidget *parent)
    : QWizardPage(parent)
    , m_httpProxy(new QLineEdit(this))
    , m_httpsProxy(new QLineEdit(this))
    , m_noProxy(new QLineEdit(this))
    , m_proxyUser(new QLineEdit(this))
    , m_proxyPassword(new QLineEdit(this))
    , m_mirrors(new QLineEdit(this))
    , m_insecure(new QLineEdit(this))
    , m_shareHome(new QCheckBox(
          tr("Share my home folder (%1) with the machine").arg(QDir::toNativeSeparators(QDir::homePath())), this))
{
    setTitle(tr("Network"));
    setSubTitle(tr("How the Docker engine reaches registries. Leave the proxy empty when this computer connects "
                   "directly."));
    m_httpProxy->setObjectName(QStringLiteral("httpProxy"));
    m_httpsProxy->setObjectName(QStringLiteral("httpsProxy"));
    m_noProxy->setObjectName(QStringLiteral("noProxy"));
    m_proxyUser->setObjectName(QStringLiteral("proxyUser"));
    m_proxyPassword->setObjectName(QStringLiteral("proxyPassword"));
    m_proxyPassword->setEchoMode(QLineEdit::Password);
    m_proxyPassword->setPlaceholderText(tr("kept in the system's keychain, never in a file"));
    m_mirrors->setObjectName(QStringLiteral("registryMirrors"));
    m_mirrors->setPlaceholderText(tr("https://mirror.example.com, ..."));
    m_insecure->setObjectName(QStringLiteral("insecureRegistries"));
    m_insecure->setPlaceholderText(tr("registry.lan:5000, ..."));
    m_shareHome->setObjectName(QStringLiteral("shareHome"));
    m_shareHome->setChecked(true);
    m_httpProxy->setPlaceholderText(QStringLiteral("http://proxy.example.com:3128"));

    auto *form = new QFormLayout(this);
    form->addRow(tr("HTTP proxy:"), m_httpProxy);
    form->addRow(tr("HTTPS proxy:"), m_httpsProxy);
    form->addRow(tr("No proxy for:"), m_noProxy);
    form->addRow(tr("Proxy user:"), m_proxyUser);
    form->addRow(tr("Proxy password:"), m_proxyPassword);
    form->addRow(tr("Registry mirrors:"), m_mirrors);
    form->addRow(tr("Insecure registries:"), m_insecure);
    form->addRow(m_shareHome);

    registerField(QStringLiteral("httpProxy"), m_httpProxy);
    registerField(QStringLiteral("httpsProxy"), m_httpsProxy);
    registerField(QStringLiteral("noProxy"), m_noProxy);
    registerField(QStringLiteral("proxyUser"), m_proxyUser);
    registerField(QStringLiteral("proxyPassword"), m_proxyPassword);
    registerField(QStringLiteral("registryMirrors"), m_mirrors);
    registerField(QStringLiteral("insecureRegistries"), m_insecure);
    registerField(QStringLiteral("shareHome"), m_shareHome);
}

void NetworkPage::initializePage()
{
    // Sharing a folder is the affair of a VM whose driver can share one (not Hyper-V's); an existing host keeps
    // its own files.
    const bool shares = !SetupWizard::driverFlag(field(QStringLiteral("driver")).toString(), QStringLiteral("no-share"))
                             .name.isEmpty();
    m_shareHome->setVisible(shares);
    // From the system once; what the user typed stays when they come back.
    if (m_filled)
        return;
    m_filled = true;
    m_httpProxy->setText(systemProxy(QStringLiteral("http://registry-1.docker.io")));
    m_httpsProxy->setText(systemProxy(QStringLiteral("https://registry-1.docker.io")));
    m_noProxy->setText(qEnvironmentVariable("no_proxy", qEnvironmentVariable("NO_PROXY")));
    m_shareHome->setChecked(shares);
}

} // namespace berth::ui
