using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Cli.Network;
using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Pki;
using DeviceTrust.Simulator.Provisioning;

namespace DeviceTrust.Cli.Est;

/// <summary>Runs the <c>est</c> commands against a server with <see cref="EstClient"/>; see <see cref="ExitCodes"/>.</summary>
public sealed class EstRunner(TextWriter output, TextWriter error, TimeProvider timeProvider) : NetworkRunner(output, error, timeProvider)
{
    public Task<int> CaCertsAsync(EstCaCertsRequest request, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        using var http = Connect(request.Server);
        var reply = await new EstClient(http, Time).GetCaCertificatesAsync(cancellationToken);
        if (reply is not ServerReply<IReadOnlyList<X509Certificate2>>.Completed { Value: var certificates })
            return Unsettled("cacerts", reply);
        var notes = request.OutPath is null ? Error : Output;
        notes.WriteLine($"cacerts: {certificates.Count} certificate(s) from {request.Server}");
        foreach (var certificate in certificates)
            Describe(notes, "  certificate", certificate);
        Emit(request.OutPath, PemCertificates.Write(certificates), "--out");
        return ExitCodes.Success;
    });

    public Task<int> EnrollAsync(EstEnrollRequest request, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        ArgumentNullException.ThrowIfNull(request);
        using var identity = CliFiles.ReadIdentity(request.CertificatePath, request.KeyPath);
        using var newKey = request.CsrPath is null && (request.KeyOutPath is not null || request.Operation == EstOperation.ServerKeyGen)
            ? ECDsa.Create(ECCurve.NamedCurves.nistP256)
            : null;
        var csr = request.CsrPath is not null ? ReadCsr(request.CsrPath) : DeviceCsr.Create(SubjectFor(request.Operation, identity), newKey ?? identity.PrivateKey);

        using var http = Connect(request.Server, identity.TlsCertificate);
        var est = new EstClient(http, Time);
        var step = request.Operation switch { EstOperation.Enroll => "simpleenroll", EstOperation.Reenroll => "simplereenroll", _ => "serverkeygen" };
        var notes = request.OutPath is null ? Error : Output;
        if (request.Operation == EstOperation.ServerKeyGen)
        {
            var reply = await est.ServerKeyGenAsync(csr, cancellationToken);
            if (reply is not ServerReply<Enrollment.Est.ServerKeyGenResponse>.Completed { Value: var generated })
                return Unsettled(step, reply);
            var certificate = generated.Certificates.Count == 1
                ? generated.Certificates[0]
                : throw new EnrollmentFormatException($"{generated.Certificates.Count} certificates; the issued one expected", "serverkeygen");
            using var key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(generated.PrivateKeyPkcs8, out _);
            if (!DeviceCertificateFields.SameKey(certificate, key.ExportSubjectPublicKeyInfo()))
                throw new CliException("serverkeygen: the key the server sent does not belong to the certificate it issued", ExitCodes.NotVerified);
            Describe(notes, step, certificate);
            CliFiles.WriteText(request.KeyOutPath!, key.ExportPkcs8PrivateKeyPem(), "--key-out", secret: true);
            notes.WriteLine($"private key made by the server written to {request.KeyOutPath}");
            Emit(request.OutPath, certificate.ExportCertificatePem() + "\n", "--out");
            return ExitCodes.Success;
        }

        var answer = request.Operation == EstOperation.Enroll ? await est.SimpleEnrollAsync(csr, cancellationToken) : await est.SimpleReenrollAsync(csr, cancellationToken);
        if (answer is not ServerReply<X509Certificate2>.Completed { Value: var issued })
            return Unsettled(step, answer);
        var certifiedKey = newKey ?? (request.CsrPath is null ? identity.PrivateKey : null);
        if (certifiedKey is not null && !DeviceCertificateFields.SameKey(issued, certifiedKey.ExportSubjectPublicKeyInfo()))
            throw new CliException($"{step}: the issued certificate does not certify the key of the request", ExitCodes.NotVerified);
        Describe(notes, step, issued);
        if (newKey is not null)
        {
            CliFiles.WriteText(request.KeyOutPath!, newKey.ExportPkcs8PrivateKeyPem(), "--new-key-out", secret: true);
            notes.WriteLine($"new private key written to {request.KeyOutPath}");
        }
        Emit(request.OutPath, issued.ExportCertificatePem() + "\n", "--out");
        return ExitCodes.Success;
    });

    /// <summary>enroll: CN=serial, serialNumber=serial from the client certificate; renewals keep the current subject (RFC 7030 4.2.2).</summary>
    private static X500DistinguishedName SubjectFor(EstOperation operation, DeviceIdentity identity)
    {
        if (operation == EstOperation.Reenroll)
            return identity.Certificate.SubjectName;
        return identity.SerialNumber is { } serial
            ? DeviceCsr.SubjectFor(serial)
            : throw new CliException($"--cert '{identity.Certificate.Subject}' has no serialNumber to put in the request; give --csr instead", ExitCodes.Usage);
    }

    private static byte[] ReadCsr(string path)
    {
        try
        {
            return CsrValidator.Parse(CliFiles.ReadBytes(path, "--csr")).RawData;
        }
        catch (EnrollmentFormatException e)
        {
            throw new CliException($"--csr {path}: not a PKCS#10 request ({e.Message})", ExitCodes.MalformedInput);
        }
    }

    private int Unsettled<T>(string step, ServerReply<T> reply) => reply switch
    {
        ServerReply<T>.Pending pending => Pending(step, pending.RetryAfter),
        ServerReply<T>.Refused refused => Refused(step, refused.Error),
        _ => throw new InvalidOperationException("A completed reply is not unsettled."),
    };

    private void Emit(string? path, string pem, string role)
    {
        if (path is null)
        {
            Output.Write(pem);
            return;
        }
        CliFiles.WriteText(path, pem, role);
        Output.WriteLine($"written to {path}");
    }
}
