using System.Formats.Cbor;
using System.Security.Cryptography;

namespace DeviceTrust.Suit.Tests;

/// <summary>Unsigned envelopes written by hand with CborWriter, for shapes the published examples do not have. The
/// digest is computed here with SHA256, over the manifest byte string with its head, as the spec says.</summary>
internal static class SuitBuilder
{
    public static byte[] Cbor(Action<CborWriter> write)
    {
        var writer = new CborWriter(CborConformanceMode.Strict);
        write(writer);
        return writer.Encode();
    }

    /// <summary>A bstr holding <paramref name="content"/>, as its encoding.</summary>
    public static byte[] Wrap(byte[] content) => Cbor(w => w.WriteByteString(content));

    /// <summary>{1: 1, 2: 7, 3: &lt;&lt; {2: [[h'00']], 4: &lt;&lt; shared &gt;&gt;} &gt;&gt;}</summary>
    public static byte[] Manifest(byte[] sharedSequence) => Cbor(w =>
    {
        w.WriteStartMap(3);
        w.WriteInt32(1);
        w.WriteInt32(1);
        w.WriteInt32(2);
        w.WriteInt32(7);
        w.WriteInt32(3);
        w.WriteByteString(Cbor(common =>
        {
            common.WriteStartMap(2);
            common.WriteInt32(2);
            common.WriteStartArray(1);
            common.WriteStartArray(1);
            common.WriteByteString([0x00]);
            common.WriteEndArray();
            common.WriteEndArray();
            common.WriteInt32(4);
            common.WriteByteString(sharedSequence);
            common.WriteEndMap();
        }));
        w.WriteEndMap();
    });

    public static byte[] Envelope(byte[] manifest) => Envelope(manifest, [], []);

    /// <param name="blocks">Encoded COSE messages for the authentication wrapper, after the digest.</param>
    /// <param name="members">Envelope members after the manifest, in key order: (key, encoded value).</param>
    public static byte[] Envelope(byte[] manifest, byte[][] blocks, (int Key, byte[] Value)[] members)
    {
        var wrapped = Wrap(manifest);
        var digest = Cbor(w =>
        {
            w.WriteStartArray(2);
            w.WriteInt32(-16);
            w.WriteByteString(SHA256.HashData(wrapped));
            w.WriteEndArray();
        });
        return Cbor(w =>
        {
            w.WriteTag((CborTag)107);
            w.WriteStartMap(2 + members.Length);
            w.WriteInt32(2);
            w.WriteByteString(Cbor(a =>
            {
                a.WriteStartArray(1 + blocks.Length);
                a.WriteByteString(digest);
                foreach (var block in blocks)
                    a.WriteByteString(block);
                a.WriteEndArray();
            }));
            w.WriteInt32(3);
            w.WriteEncodedValue(wrapped);
            foreach (var (key, value) in members)
            {
                w.WriteInt32(key);
                w.WriteEncodedValue(value);
            }
            w.WriteEndMap();
        });
    }

    /// <summary>[code, argument, ...] with arguments as encoded CBOR items.</summary>
    public static byte[] Sequence(params (int Code, byte[] Argument)[] commands) => Cbor(w =>
    {
        w.WriteStartArray(commands.Length * 2);
        foreach (var (code, argument) in commands)
        {
            w.WriteInt32(code);
            w.WriteEncodedValue(argument);
        }
        w.WriteEndArray();
    });
}
