using System.Security.Cryptography;
using DeviceTrust.Application.Common;
using DeviceTrust.Domain.Updates;
using DeviceTrust.Suit;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Updates.Catalog;

/// <summary>
/// The images of a release being published: each component's image is uploaded, integrated in the envelope or already
/// stored, its digest and size as the manifest says; a new image is stored once by its digest; an upload the manifest
/// does not install is refused.
/// </summary>
internal static class ReleaseImages
{
    // Every component's image is uploaded, integrated in the envelope or already stored; every upload is one of them.
    public static async Task<List<ReleaseImage>> StageAsync(IDeviceTrustDbContext db, SuitEnvelope envelope, Dictionary<string, byte[]> uploaded, Actor actor,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var facts = ManifestFacts.Of(envelope);
        var images = new List<ReleaseImage>();
        var used = new HashSet<string>();
        foreach (var component in facts.Components)
        {
            var field = $"components[{component.Index}] ({component.Name})";
            if (component.ImageDigest is not { } digest)
                throw RequestValidationException.For(field, "The manifest gives no image digest for this component.");
            if (digest.Algorithm != DeviceTrust.Cose.CoseAlgorithms.Sha256 || digest.Bytes.Length != SHA256.HashSizeInBytes)
                throw RequestValidationException.For(field, $"The image digest uses algorithm {digest.Algorithm}; the catalog keeps SHA-256 ({DeviceTrust.Cose.CoseAlgorithms.Sha256}) images.");
            if (component.ImageSize is not { } size)
                throw RequestValidationException.For(field, "The manifest gives no image size for this component.");
            var hex = Convert.ToHexStringLower(digest.Bytes.Span);
            if (!uploaded.TryGetValue(hex, out var content) && component.Uri is ['#', ..] fragment
                && envelope.IntegratedPayloads.TryGetValue(fragment, out var integrated) && SHA256.HashData(integrated.Span).AsSpan().SequenceEqual(digest.Bytes.Span))
                content = integrated.ToArray();
            var stored = content is null ? await db.FirmwareImages.AsNoTracking().Where(i => i.DigestHex == hex).Select(i => (long?)i.Size).FirstOrDefaultAsync(cancellationToken) : null;
            var actualSize = content?.LongLength ?? stored
                             ?? throw RequestValidationException.For(field, $"No uploaded image has the digest {hex} that the manifest names, and the catalog holds none.");
            if ((ulong)actualSize != size)
                throw RequestValidationException.For(field, $"The image with digest {hex} is {actualSize} bytes; the manifest says {size}.");
            used.Add(hex);
            if (content is not null && stored is null && !db.FirmwareImages.Local.Any(i => i.DigestHex == hex)
                && !await db.FirmwareImages.AnyAsync(i => i.DigestHex == hex, cancellationToken))
                db.FirmwareImages.Add(FirmwareImage.Store(content, actor.Name, now));
            images.Add(new ReleaseImage(component.Name, Convert.ToHexStringLower(ComponentIdBytes(component.ComponentId)), digest.Bytes.ToArray(), actualSize));
        }
        foreach (var extra in uploaded.Keys.Where(k => !used.Contains(k)))
            throw RequestValidationException.For("images", $"The uploaded image with digest {extra} is not one the manifest installs (its digest or size does not match).");
        return images;
    }

    private static byte[] ComponentIdBytes(IReadOnlyList<byte[]> componentId)
    {
        var writer = new System.Formats.Cbor.CborWriter();
        writer.WriteStartArray(componentId.Count);
        foreach (var part in componentId) writer.WriteByteString(part);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
