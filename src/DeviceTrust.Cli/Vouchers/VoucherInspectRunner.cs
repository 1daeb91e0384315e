using DeviceTrust.Enrollment;
using DeviceTrust.Enrollment.Vouchers;

namespace DeviceTrust.Cli.Vouchers;

/// <summary>Runs one <c>voucher inspect</c> request: report to <paramref name="output"/>, problems to
/// <paramref name="error"/>, and the exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class VoucherInspectRunner(TextWriter output, TextWriter error, TimeProvider timeProvider)
{
    public int Run(VoucherInspectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        VoucherInspection inspection;
        try
        {
            using var trust = request.TrustPath is null ? null : TrustCertificate.Load(request.TrustPath);
            var input = VoucherInput.Detect(VoucherFile.ReadAllBytes(request.FilePath, "FILE"));
            inspection = VoucherInspector.Inspect(input, trust, timeProvider.GetUtcNow());
        }
        catch (CliException e)
        {
            return Malformed(e.Message);
        }
        catch (VoucherFormatException e)
        {
            return Malformed($"{request.FilePath}: malformed voucher: {e.Member}: {e.Problem}");
        }
        catch (EnrollmentFormatException e)
        {
            return Malformed($"{request.FilePath}: malformed CMS: {e.Where}: {e.What}");
        }
        catch (NotSupportedException e)
        {
            return Malformed($"{request.FilePath}: unsupported COSE envelope: {e.Message}");
        }

        if (request.Json)
        {
            VoucherJsonReport.Write(output, inspection);
        }
        else
        {
            VoucherTextReport.Write(output, inspection);
        }

        if (inspection.Signature.State == SignatureState.Failed)
        {
            error.WriteLine($"error: signature {inspection.Signature.Description}");
            return ExitCodes.NotVerified;
        }

        return ExitCodes.Success;
    }

    private int Malformed(string message)
    {
        error.WriteLine($"error: {message}");
        return ExitCodes.MalformedInput;
    }
}
