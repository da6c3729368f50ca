using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace FibreCafe.Samples;

/// <summary>
/// Mutual TLS from configuration (<c>appsettings.Mtls.json</c>, <c>ASPNETCORE_ENVIRONMENT=Mtls</c>). Kestrel's https
/// endpoint comes from the <c>Kestrel</c> section; <c>Sample:Mtls</c> says how the gateway's client certificate is
/// trusted at the TLS layer. The receiver's thumbprint pinning (<c>FibreCafe:Kci:Authentication:Certificate</c>)
/// decides per request; without a callback here, Kestrel would accept only certificates the machine's store trusts,
/// and a private CA's certificate would fail the handshake before the pin is looked at (docs/kci-receiver.md).
/// </summary>
internal static class ReceiverTls
{
    public static void Configure(WebApplicationBuilder builder)
    {
        var mtls = builder.Configuration.GetSection("Sample:Mtls");
        if (!mtls.GetValue<bool>("Enabled"))
        {
            return;
        }

        // With a CA: the certificate must chain to it (and only it) and be pinned. Without: the pin alone decides.
        var caPath = mtls["ClientCaPath"];
        var ca = string.IsNullOrEmpty(caPath) ? null : X509CertificateLoader.LoadCertificateFromFile(caPath);
        var revocation = mtls.GetValue("ClientCaRevocationMode", X509RevocationMode.NoCheck);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.CheckCertificateRevocation = false; // Kestrel's own chain is not the trust decision here
            https.ClientCertificateValidation = (certificate, _, _) => ca is null || ChainsTo(certificate, ca, revocation);
        }));
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca, X509RevocationMode revocation)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = revocation;
        return chain.Build(certificate);
    }
}
