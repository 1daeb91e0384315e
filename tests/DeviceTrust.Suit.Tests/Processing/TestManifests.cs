using System.Security.Cryptography;
using static DeviceTrust.Suit.Tests.SuitBuilder;

namespace DeviceTrust.Suit.Tests.Processing;

/// <summary>Manifests with hand-picked command sequences, written with CborWriter in deterministic order, then signed
/// with <see cref="SuitSigner"/> and verified: the processor only ever gets envelopes that verified.</summary>
internal static class TestManifests
{
    public const int AllPolicies = 15;
    public const int RecordOnFailure = 2;
    public const string FirmwareUri = "https://updates.example/fw.bin";

    public static readonly byte[] VendorId = Convert.FromHexString(SuitExampleTests.VendorId);
    public static readonly byte[] ClassId = Convert.FromHexString(SuitExampleTests.ClassId);
    public static readonly byte[] DeviceId = Convert.FromHexString("2f1d6a5e0c3b4f7a9e8d7c6b5a493827");
    public static readonly byte[] Firmware = "DeviceTrust firmware 2.1.0"u8.ToArray();

    private static readonly ECDsa SigningKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static (int Code, byte[] Argument) Condition(int code, int policy = AllPolicies) => (code, Cbor(w => w.WriteInt32(policy)));

    public static (int Code, byte[] Argument) Directive(int code, int policy = RecordOnFailure) => (code, Cbor(w => w.WriteInt32(policy)));

    public static (int Code, byte[] Argument) SetIndex(int index) => (SuitCommandCodes.DirectiveSetComponentIndex, Cbor(w => w.WriteInt32(index)));

    public static (int Code, byte[] Argument) SetAllComponents() => (SuitCommandCodes.DirectiveSetComponentIndex, Cbor(w => w.WriteBoolean(true)));

    /// <summary>override-parameters (20) with (key, encoded value) pairs, which must come in ascending key order.</summary>
    public static (int Code, byte[] Argument) Override(params (int Key, byte[] Value)[] parameters) =>
        (SuitCommandCodes.DirectiveOverrideParameters, Map(parameters));

    public static (int Code, byte[] Argument) SetParameters(params (int Key, byte[] Value)[] parameters) =>
        (SuitCommandCodes.DirectiveSetParameters, Map(parameters));

    public static (int Code, byte[] Argument) TryEach(bool allowNone, params byte[][] sequences) => (SuitCommandCodes.DirectiveTryEach, Cbor(w =>
    {
        w.WriteStartArray(sequences.Length + (allowNone ? 1 : 0));
        foreach (var sequence in sequences)
            w.WriteByteString(sequence);
        if (allowNone)
            w.WriteNull();
        w.WriteEndArray();
    }));

    public static (int Code, byte[] Argument) RunSequence(byte[] sequence) => (SuitCommandCodes.DirectiveRunSequence, Wrap(sequence));

    public static byte[] Bytes(byte[] value) => Cbor(w => w.WriteByteString(value));

    public static byte[] Uint(ulong value) => Cbor(w => w.WriteUInt64(value));

    public static byte[] Text(string value) => Cbor(w => w.WriteTextString(value));

    public static byte[] Bool(bool value) => Cbor(w => w.WriteBoolean(value));

    /// <summary>image-digest: bstr .cbor [-16, SHA-256 of <paramref name="content"/>].</summary>
    public static byte[] DigestOf(byte[] content) => Wrap(Cbor(w =>
    {
        w.WriteStartArray(2);
        w.WriteInt32(-16);
        w.WriteByteString(SHA256.HashData(content));
        w.WriteEndArray();
    }));

    /// <summary>The usual shared sequence: identity and image parameters, then the vendor and class conditions.</summary>
    public static byte[] SharedSequence(byte[] image, params (int Key, byte[] Value)[] extra) => Sequence(
        Override([(SuitParameterKeys.VendorId, Bytes(VendorId)), (SuitParameterKeys.ClassId, Bytes(ClassId)),
            (SuitParameterKeys.ImageDigest, DigestOf(image)), (SuitParameterKeys.ImageSize, Uint((ulong)image.Length)), .. extra]),
        Condition(SuitCommandCodes.ConditionVendorIdentifier),
        Condition(SuitCommandCodes.ConditionClassIdentifier));

    /// <summary>install: uri, fetch, image-match.</summary>
    public static byte[] FetchInstall(string uri = FirmwareUri) => Sequence(
        Override((SuitParameterKeys.Uri, Text(uri))),
        Directive(SuitCommandCodes.DirectiveFetch),
        Condition(SuitCommandCodes.ConditionImageMatch));

    /// <summary>{1: 1, 2: seq, 3: &lt;&lt;{2: components, 4: &lt;&lt;shared&gt;&gt;}&gt;&gt;, sections...} with sections in key order.</summary>
    public static byte[] Manifest(ulong sequenceNumber, byte[] sharedSequence, params (int Key, byte[] Sequence)[] sections) =>
        Manifest(sequenceNumber, [[0x00]], sharedSequence, sections);

    public static byte[] Manifest(ulong sequenceNumber, byte[][] components, byte[] sharedSequence, params (int Key, byte[] Sequence)[] sections) => Cbor(w =>
    {
        w.WriteStartMap(3 + sections.Length);
        w.WriteInt32(SuitManifestKeys.Version);
        w.WriteInt32(1);
        w.WriteInt32(SuitManifestKeys.SequenceNumber);
        w.WriteUInt64(sequenceNumber);
        w.WriteInt32(SuitManifestKeys.Common);
        w.WriteByteString(Cbor(common =>
        {
            common.WriteStartMap(2);
            common.WriteInt32(SuitCommonKeys.Components);
            common.WriteStartArray(components.Length);
            foreach (var component in components)
            {
                common.WriteStartArray(1);
                common.WriteByteString(component);
                common.WriteEndArray();
            }
            common.WriteEndArray();
            common.WriteInt32(SuitCommonKeys.SharedSequence);
            common.WriteByteString(sharedSequence);
            common.WriteEndMap();
        }));
        foreach (var (key, sequence) in sections.OrderBy(s => s.Key))
        {
            w.WriteInt32(key);
            w.WriteByteString(sequence);
        }
        w.WriteEndMap();
    });

    /// <summary>The manifest signed into an envelope, decoded, and verified.</summary>
    public static SuitEnvelope Signed(byte[] manifest, IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? payloads = null)
    {
        var options = new SuitSignOptions { IntegratedPayloads = payloads ?? new Dictionary<string, ReadOnlyMemory<byte>>() };
        var envelope = SuitEnvelope.Decode(SuitSigner.Sign(SuitManifest.Decode(manifest), SigningKey, -7, options));
        Assert.True(envelope.Verify(SigningKey).IsVerified);
        return envelope;
    }

    /// <summary>The byte offset of command <paramref name="index"/> in a sequence of single-item-head commands:
    /// the array head, then each preceding (code, argument).</summary>
    public static ulong OffsetOf(int index, params (int Code, byte[] Argument)[] commands) =>
        (ulong)(1 + commands.Take(index).Sum(c => Cbor(w => w.WriteInt32(c.Code)).Length + c.Argument.Length));

    public static TestPlatform Device(params string[] components) =>
        new(VendorId, ClassId, components.Length == 0 ? ["00"] : components) { Server = { [FirmwareUri] = Firmware } };

    private static byte[] Map((int Key, byte[] Value)[] parameters) => Cbor(w =>
    {
        w.WriteStartMap(parameters.Length);
        foreach (var (key, value) in parameters)
        {
            w.WriteInt32(key);
            w.WriteEncodedValue(value);
        }
        w.WriteEndMap();
    });
}
