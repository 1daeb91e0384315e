using System.Security.Cryptography;
using DeviceTrust.Cli.Network;
using DeviceTrust.Suit;
using DeviceTrust.Suit.Outline;

namespace DeviceTrust.Cli.Suit;

/// <summary>
/// Runs <c>suit build</c> and <c>suit sign</c>: the envelope written to the --out file (binary CBOR), a summary to
/// <paramref name="output"/>, problems to <paramref name="error"/>. Exit 0 written, 2 an input that cannot be used
/// (nothing is written then).
/// </summary>
public sealed class SuitBuildRunner(TextWriter output, TextWriter error)
{
    /// <summary>Builds the manifest from the description and images; an envelope with the manifest digest and, with
    /// a key, its signature (the same signing as <see cref="Sign"/>).</summary>
    public int Build(SuitBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(() =>
        {
            var images = request.ImagePaths.Select(path => CliFiles.ReadBytes(path, "--image")).ToList();
            var description = CliFiles.ReadText(request.DescriptionPath, "--description");
            using var key = request.KeyPath is null ? null : SuitSigningKeys.ReadPrivateKey(request.KeyPath, "--key");
            SuitManifest manifest;
            IReadOnlyList<string> notes;
            try
            {
                (manifest, notes) = SuitDescription.Build(description, images);
            }
            catch (SuitDescriptionException e)
            {
                throw new CliException($"--description {request.DescriptionPath}: {e.Message}", ExitCodes.MalformedInput);
            }
            foreach (var note in notes)
                error.WriteLine($"note: {note}");
            var unsigned = SuitEnvelopeWriter.Unsigned(manifest);
            var envelope = key is null ? unsigned : Signed(unsigned, SuitEnvelope.Decode(unsigned), key, request.Algorithm);
            Write(request.OutPath, envelope, key is null ? "unsigned: the manifest digest only (sign it with suit sign)" : $"signed {request.Algorithm}");
            return ExitCodes.Success;
        });
    }

    /// <summary>Replaces the envelope's authentication wrapper: the digest recomputed, one signature by the key.</summary>
    public int Sign(SuitSignRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(() =>
        {
            var input = SuitInput.Read(request.FilePath);
            using var key = SuitSigningKeys.ReadPrivateKey(request.KeyPath, "--key");
            SuitEnvelope envelope;
            try
            {
                envelope = SuitEnvelope.Decode(input.Data);
            }
            catch (SuitFormatException e)
            {
                throw new CliException($"{request.FilePath}: malformed SUIT envelope: {e.Message}", ExitCodes.MalformedInput);
            }
            Write(request.OutPath, Signed(input.Data, envelope, key, request.Algorithm), $"signed {request.Algorithm}");
            return ExitCodes.Success;
        });
    }

    // Signs, then verifies the result with the key's public half: an envelope whose severed members do not match the
    // manifest's digests would not verify for anyone, so it is refused here rather than written.
    private static byte[] Signed(byte[] encoded, SuitEnvelope envelope, ECDsa key, string algorithm)
    {
        var signed = SuitEnvelopeWriter.Sign(encoded, envelope, key, SuitSigningKeys.Algorithms[algorithm]);
        var check = SuitEnvelope.Decode(signed).Verify(key);
        return check.IsVerified ? signed
            : throw new CliException($"the signed envelope does not verify, not written: {check.Reason}", ExitCodes.MalformedInput);
    }

    private void Write(string path, byte[] envelope, string what)
    {
        CliFiles.WriteBytes(path, envelope, "--out");
        var decoded = SuitEnvelope.Decode(envelope);
        output.WriteLine($"{path}: SUIT envelope, {envelope.Length} bytes, {what}; manifest sequence number {decoded.Manifest.SequenceNumber}, "
            + $"digest {SuitOutline.Digest(decoded.Authentication.Digest)}");
    }

    private int Run(Func<int> act)
    {
        try
        {
            return act();
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode ?? ExitCodes.MalformedInput;
        }
    }
}
