using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;

namespace DeviceTrust.Enrollment.Cms;

/// <summary>
/// signedAttrs = content-type and message-digest (RFC 5652 5.3, both required), plus signing-time (11.3) only when
/// the caller supplies it. Replaces BouncyCastle's default generator, which stamps DateTime.UtcNow and so ignores
/// the injected TimeProvider.
/// </summary>
internal sealed class CmsSignedAttributes(DateTimeOffset? signingTime) : CmsAttributeTableGenerator
{
    public AttributeTable GetAttributes(IDictionary<CmsAttributeTableParameter, object> parameters)
    {
        var attributes = new Asn1EncodableVector
        {
            new Attribute(CmsAttributes.ContentType, new DerSet((DerObjectIdentifier)parameters[CmsAttributeTableParameter.ContentType])),
            new Attribute(CmsAttributes.MessageDigest, new DerSet(new DerOctetString((byte[])parameters[CmsAttributeTableParameter.Digest]))),
        };
        if (signingTime is { } time)
            attributes.Add(new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(Pki.BcInterop.ToX509Time(time)))));
        return new AttributeTable(attributes);
    }
}
