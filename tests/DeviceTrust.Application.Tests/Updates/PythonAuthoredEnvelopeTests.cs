using System.Security.Cryptography;
using System.Text;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Common;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Application.Updates.Catalog;
using DeviceTrust.Domain.Fleet;
using DeviceTrust.Domain.Trust;
using DeviceTrust.Domain.Updates;
using Microsoft.EntityFrameworkCore;

namespace DeviceTrust.Application.Tests.Updates;

/// <summary>
/// Envelopes an author built with tooling we did not write: Debian's Python (cbor2 + cryptography) encodes the manifest
/// as the draft's CDDL says and signs the SUIT_Digest as a detached COSE_Sign1 with its own P-256 key. Trusted through a
/// FirmwareAuthor anchor of that key (a PEM public key), the catalog verifies and publishes the signed one; the same
/// manifest unsigned, with an algorithm the catalog does not verify, or with a command devices do not run is refused,
/// and nothing is stored.
/// </summary>
public sealed class PythonAuthoredEnvelopeTests
{
    private const string Author = """
        import sys, json, hashlib, cbor2
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
        args = json.loads(sys.stdin.read())
        image = bytes.fromhex(args["image"])
        key = ec.generate_private_key(ec.SECP256R1())
        enc = lambda o: cbor2.dumps(o, canonical=True)
        def envelope(extra_command=False, alg=-7, signed=True):
            digest = enc([-16, hashlib.sha256(image).digest()])
            shared = [20, {1: bytes.fromhex(args["vendor"]), 2: bytes.fromhex(args["class"]), 3: digest, 14: len(image)}, 1, 15, 2, 15]
            install = [20, {21: args["uri"]}, 21, 2, 3, 15] + ([99, 0] if extra_command else [])
            text = {"en": {1: "built with Python's cbor2", (b"firmware",): {6: args["version"]}}}
            manifest = {1: 1, 2: args["sequence"], 3: enc({2: [[b"firmware"]], 4: enc(shared)}), 7: enc([3, 15]), 20: enc(install), 23: enc(text)}
            wrapped = enc(enc(manifest))
            suit_digest = enc([-16, hashlib.sha256(wrapped).digest()])
            protected = enc({1: alg})
            to_sign = enc(["Signature1", protected, b"", suit_digest])
            r, s = decode_dss_signature(key.sign(to_sign, ec.ECDSA(hashes.SHA256())))
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
            auth = [suit_digest] + ([enc(cbor2.CBORTag(18, [protected, {}, None, signature]))] if signed else [])
            return enc(cbor2.CBORTag(107, {2: enc(auth), 3: enc(manifest)})).hex()
        public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
        print(json.dumps({"key": public, "signed": envelope(), "unsigned": envelope(signed=False), "eddsa": envelope(alg=-8),
                          "unknownCommand": envelope(extra_command=True)}))
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PublishEnvelope_SignedByPython_IsVerifiedAndPublished_UnsignedUnknownAlgorithmOrCommandAreRefused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var deviceClass = await OutsideAuthor.ClassAsync(database, "Kumo Meter M7");
        var image = OutsideAuthor.Image(1500, 42);
        var output = DebianPython.Run(Author, System.Text.Json.JsonSerializer.Serialize(new
        {
            image = Convert.ToHexStringLower(image), vendor = Convert.ToHexStringLower(deviceClass.VendorId.ToByteArray(bigEndian: true)),
            @class = Convert.ToHexStringLower(deviceClass.ClassId.ToByteArray(bigEndian: true)), uri = "https://updates.kumo.example/m7/5.0.0.bin",
            version = "5.0.0", sequence = 4,
        }));
        using var envelopes = System.Text.Json.JsonDocument.Parse(output);
        byte[] Envelope(string name) => Convert.FromHexString(envelopes.RootElement.GetProperty(name).GetString()!);
        await TrustAsync(database, deviceClass, envelopes.RootElement.GetProperty("key").GetString()!);
        var publish = database.Get<PublishFirmwareHandler>();

        async Task<string> Refused(string name) => string.Join(" | ", (await Assert.ThrowsAsync<RequestValidationException>(() =>
            publish.PublishEnvelopeAsync(TestActors.Operator(), new PublishEnvelopeRequest(Envelope(name), [image]), Ct))).Errors.SelectMany(e => e.Value));

        Assert.Contains("holds no COSE_Sign1", await Refused("unsigned"), StringComparison.Ordinal);
        Assert.Contains("EdDSA (-8)", await Refused("eddsa"), StringComparison.Ordinal);
        Assert.Contains("command(s) 99", await Refused("unknownCommand"), StringComparison.Ordinal);
        await using (var db = await database.CreateDbContextAsync())
            Assert.Equal(0, await db.FirmwareReleases.CountAsync(Ct));

        var release = await publish.PublishEnvelopeAsync(TestActors.Operator(), new PublishEnvelopeRequest(Envelope("signed"), [image]), Ct);

        Assert.Equal((4L, "5.0.0", FirmwareReleaseOrigin.AuthorSigned, "Kumo firmware (Python)"), (release.SequenceNumber, release.Version, release.Origin, release.Signer));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), release.Images.Single().Digest);
    }

    private static async Task TrustAsync(TestDatabase database, DeviceClass deviceClass, string publicKeyPem)
    {
        await using var db = await database.CreateDbContextAsync();
        var tpa = ProvisioningAuthority.Create(Guid.NewGuid(), "Kumo firmware", null, "user:officer");
        tpa.Grant(new TpaGrant(TrustAnchorRights.All, TrustAnchorPurpose.FirmwareAuthor, [deviceClass.Id]), "user:officer");
        db.ProvisioningAuthorities.Add(tpa);
        db.TrustAnchors.Add(TrustAnchor.Add("Kumo firmware (Python)", TrustAnchorPurpose.FirmwareAuthor, AnchorMaterialReader.Read(Encoding.ASCII.GetBytes(publicKeyPem)),
            [deviceClass.Id], tpa, AnchorAuthority.Of(tpa), "user:officer", DateTimeOffset.UtcNow));
        await database.Get<AuditTrail>().SaveAsync(db);
    }
}
