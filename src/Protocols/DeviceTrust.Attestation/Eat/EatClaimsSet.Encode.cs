using System.Formats.Cbor;
using DeviceTrust.Cose;
using DeviceTrust.Cose.Cbor;

namespace DeviceTrust.Attestation.Eat;

public sealed partial record EatClaimsSet
{
    private static readonly HashSet<long> ModelledKeys =
    [
        EatClaimKeys.Issuer, EatClaimKeys.Subject, EatClaimKeys.Audience, EatClaimKeys.Expiration, EatClaimKeys.NotBefore,
        EatClaimKeys.IssuedAt, EatClaimKeys.CwtId, EatClaimKeys.Nonce, EatClaimKeys.Ueid, EatClaimKeys.Sueids, EatClaimKeys.OemId,
        EatClaimKeys.HardwareModel, EatClaimKeys.HardwareVersion, EatClaimKeys.Uptime, EatClaimKeys.OemBoot,
        EatClaimKeys.DebugStatus, EatClaimKeys.Location, EatClaimKeys.Profile, EatClaimKeys.Submodules, EatClaimKeys.BootCount,
        EatClaimKeys.BootSeed, EatClaimKeys.Dloas, EatClaimKeys.SoftwareName, EatClaimKeys.SoftwareVersion, EatClaimKeys.Manifests,
        EatClaimKeys.Measurements, EatClaimKeys.MeasurementResults, EatClaimKeys.IntendedUse,
    ];

    /// <summary>
    /// Encodes the claims-set as RFC 8949 §4.2.1 deterministic CBOR (keys in bytewise order, shortest heads and
    /// floats). <see cref="OtherClaims"/> values are written as they are held. The result is decoded again before it
    /// is returned, so what <see cref="Decode"/> refuses is never written.
    /// </summary>
    /// <exception cref="ArgumentException">A claim breaks a rule of RFC 8392 / RFC 9711; the message names the claim as
    /// a decoding error would, and the <see cref="AttestationFormatException"/> is the inner exception.</exception>
    public byte[] Encode()
    {
        var encoded = Write(this, depth: 1);
        try
        {
            Decode(encoded);
        }
        catch (AttestationFormatException e)
        {
            throw new ArgumentException($"The claims-set cannot be encoded: {e.Message}", e);
        }
        return encoded;
    }

    private static byte[] Write(EatClaimsSet claims, int depth)
    {
        if (depth > MaxSubmoduleDepth)
            throw new ArgumentException($"submods nest deeper than {MaxSubmoduleDepth} claims-sets.");
        var map = new DeterministicMapWriter();
        void Add<T>(int key, T? value, Action<CborWriter, T> write) where T : class
        {
            if (value is not null)
                map.Add(key, writer => write(writer, value));
        }
        void AddValue<T>(int key, T? value, Action<CborWriter, T> write) where T : struct
        {
            if (value is { } present)
                map.Add(key, writer => write(writer, present));
        }

        Add(EatClaimKeys.Issuer, claims.Issuer, (w, v) => w.WriteTextString(v));
        Add(EatClaimKeys.Subject, claims.Subject, (w, v) => w.WriteTextString(v));
        Add(EatClaimKeys.Audience, claims.Audience, (w, v) => OneOrArray(w, v, (w2, text) => w2.WriteTextString(text)));
        AddValue(EatClaimKeys.Expiration, claims.Expiration, WriteNumericDate);
        AddValue(EatClaimKeys.NotBefore, claims.NotBefore, WriteNumericDate);
        AddValue(EatClaimKeys.IssuedAt, claims.IssuedAt, WriteNumericDate);
        Add(EatClaimKeys.CwtId, claims.CwtId, (w, v) => w.WriteByteString(v));
        Add(EatClaimKeys.Nonce, claims.Nonce, (w, v) => OneOrArray(w, v, (w2, nonce) => w2.WriteByteString(nonce)));
        Add(EatClaimKeys.Ueid, claims.Ueid, (w, v) => w.WriteByteString(v));
        Add(EatClaimKeys.Sueids, claims.Sueids, WriteSueids);
        Add(EatClaimKeys.OemId, claims.OemId, WriteOemId);
        Add(EatClaimKeys.HardwareModel, claims.HardwareModel, (w, v) => w.WriteByteString(v));
        Add(EatClaimKeys.HardwareVersion, claims.HardwareVersion, WriteVersion);
        AddValue(EatClaimKeys.Uptime, claims.Uptime, (w, v) => w.WriteUInt64(v));
        AddValue(EatClaimKeys.OemBoot, claims.OemBoot, (w, v) => w.WriteBoolean(v));
        AddValue(EatClaimKeys.DebugStatus, claims.DebugStatus, (w, v) => w.WriteInt64((long)v));
        Add(EatClaimKeys.Location, claims.Location, WriteLocation);
        Add(EatClaimKeys.Profile, claims.Profile, WriteProfile);
        Add(EatClaimKeys.Submodules, claims.Submodules, (w, v) => WriteSubmodules(w, v, depth));
        AddValue(EatClaimKeys.BootCount, claims.BootCount, (w, v) => w.WriteUInt64(v));
        Add(EatClaimKeys.BootSeed, claims.BootSeed, (w, v) => w.WriteByteString(v));
        Add(EatClaimKeys.Dloas, claims.Dloas, (w, v) => WriteArray(w, v, WriteDloa));
        Add(EatClaimKeys.SoftwareName, claims.SoftwareName, (w, v) => w.WriteTextString(v));
        Add(EatClaimKeys.SoftwareVersion, claims.SoftwareVersion, WriteVersion);
        Add(EatClaimKeys.Manifests, claims.Manifests, (w, v) => WriteArray(w, v, WriteContent));
        Add(EatClaimKeys.Measurements, claims.Measurements, (w, v) => WriteArray(w, v, WriteContent));
        Add(EatClaimKeys.MeasurementResults, claims.MeasurementResults, (w, v) => WriteArray(w, v, WriteResultsGroup));
        AddValue(EatClaimKeys.IntendedUse, claims.IntendedUse, (w, v) => w.WriteInt64((long)v));

        foreach (var (label, value) in claims.OtherClaims)
        {
            if (label.Integer is { } key && ModelledKeys.Contains(key))
                throw new ArgumentException($"Claim {EatClaimKeys.Segment(label)} is modelled: set its property, not OtherClaims.");
            map.AddEncoded(label, value.Span);
        }
        return map.Encode();
    }

    private static void OneOrArray<T>(CborWriter writer, IReadOnlyList<T> values, Action<CborWriter, T> write)
    {
        if (values.Count == 1)
            write(writer, values[0]);
        else
            WriteArray(writer, values, write);
    }

    private static void WriteArray<T>(CborWriter writer, IReadOnlyList<T> values, Action<CborWriter, T> write)
    {
        writer.WriteStartArray(values.Count);
        foreach (var value in values)
            write(writer, value);
        writer.WriteEndArray();
    }

    private static void WriteNumericDate(CborWriter writer, EatNumericDate date)
    {
        if (date.Seconds is { } seconds)
            writer.WriteInt64(seconds);
        else
            WriteFloat(writer, date.FractionalSeconds!.Value);
    }

    // number = int / float: an integral value within 2^53 is written as an int, others as the shortest float that
    // keeps the value (RFC 8949 §4.2.1, preferred serialization).
    private static void WriteNumber(CborWriter writer, double value)
    {
        if (double.IsFinite(value) && Math.Abs(value) <= 9007199254740992d && Math.Floor(value) == value)
            writer.WriteInt64((long)value);
        else
            WriteFloat(writer, value);
    }

    private static void WriteFloat(CborWriter writer, double value)
    {
        if (double.IsNaN(value) || (double)(Half)value == value)
            writer.WriteHalf((Half)value);
        else if ((double)(float)value == value)
            writer.WriteSingle((float)value);
        else
            writer.WriteDouble(value);
    }

    private static void WriteSueids(CborWriter writer, IReadOnlyDictionary<string, byte[]> sueids)
    {
        var map = new DeterministicMapWriter();
        foreach (var (name, ueid) in sueids)
            map.Add(CoseLabel.Of(name), w => w.WriteByteString(ueid));
        map.WriteTo(writer);
    }

    private static void WriteOemId(CborWriter writer, EatOemId oemId)
    {
        if (oemId.PrivateEnterpriseNumber is { } pen)
            writer.WriteInt64(pen);
        else
            writer.WriteByteString(oemId.Bytes!);
    }

    private static void WriteVersion(CborWriter writer, EatVersion version)
    {
        writer.WriteStartArray(version.Scheme is null ? 1 : 2);
        writer.WriteTextString(version.Version);
        if (version.Scheme is { } scheme)
            writer.WriteInt64(scheme);
        writer.WriteEndArray();
    }

    private static void WriteProfile(CborWriter writer, EatProfileId profile)
    {
        if (profile.Uri is { } uri)
            writer.WriteTextString(uri);
        else
            writer.WriteByteString(profile.Oid!);
    }

    private static void WriteLocation(CborWriter writer, EatLocation location)
    {
        var map = new DeterministicMapWriter();
        void Number(int key, double? value)
        {
            if (value is { } present)
                map.Add(key, w => WriteNumber(w, present));
        }
        Number(EatLocationKeys.Latitude, location.Latitude);
        Number(EatLocationKeys.Longitude, location.Longitude);
        Number(EatLocationKeys.Altitude, location.Altitude);
        Number(EatLocationKeys.Accuracy, location.Accuracy);
        Number(EatLocationKeys.AltitudeAccuracy, location.AltitudeAccuracy);
        Number(EatLocationKeys.Heading, location.Heading);
        Number(EatLocationKeys.Speed, location.Speed);
        if (location.Timestamp is { } timestamp)
            map.Add(EatLocationKeys.Timestamp, w => w.WriteInt64(timestamp));
        if (location.Age is { } age)
            map.Add(EatLocationKeys.Age, w => w.WriteUInt64(age));
        map.WriteTo(writer);
    }

    private static void WriteDloa(CborWriter writer, EatDloa dloa)
    {
        writer.WriteStartArray(dloa.ApplicationLabel is null ? 2 : 3);
        writer.WriteTextString(dloa.Registrar);
        writer.WriteTextString(dloa.PlatformLabel);
        if (dloa.ApplicationLabel is { } application)
            writer.WriteTextString(application);
        writer.WriteEndArray();
    }

    private static void WriteContent(CborWriter writer, EatContent content)
    {
        writer.WriteStartArray(2);
        writer.WriteUInt64(content.ContentFormat);
        writer.WriteByteString(content.Content);
        writer.WriteEndArray();
    }

    private static void WriteResultsGroup(CborWriter writer, EatMeasurementResults group)
    {
        writer.WriteStartArray(2);
        writer.WriteTextString(group.System);
        WriteArray(writer, group.Results, (w, result) =>
        {
            w.WriteStartArray(2);
            if (result.IdText is { } text)
                w.WriteTextString(text);
            else
                w.WriteByteString(result.IdBytes ?? throw new ArgumentException($"A result of \"{group.System}\" has no id."));
            w.WriteInt64((long)result.Result);
            w.WriteEndArray();
        });
        writer.WriteEndArray();
    }
}
