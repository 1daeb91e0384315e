using DeviceTrust.Web.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(WebAppFixture))]
