package dev.jsupervisor.core.util;

import java.io.ObjectInputFilter;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.util.SAXParsers;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;

/**
 * Hardens the JVM-wide XML and serialization settings that Apache XML-RPC relies on: no
 * DOCTYPE, no external entities or DTDs (CVE-2016-5002), and no Java deserialization at all
 * (CVE-2016-5003, CVE-2019-17570). Every main that parses XML-RPC calls {@link #install()} first.
 */
public final class SecureXml {
  private static final String SAX_FACTORY_PROPERTY = "javax.xml.parsers.SAXParserFactory";
  private static final String JDK_SAX_FACTORY =
      "com.sun.org.apache.xerces.internal.jaxp.SAXParserFactoryImpl";
  private static boolean installed;

  private SecureXml() {}

  /** Installs the hardened SAX factory and a reject-all serial filter; safe to call twice. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    // The JDK's own parser, named outright: JAXP would otherwise search every jar on the class
    // path for another one (tens of milliseconds of a CLI's start-up), and a jar could plant one.
    if (System.getProperty(SAX_FACTORY_PROPERTY) == null) {
      System.setProperty(SAX_FACTORY_PROPERTY, JDK_SAX_FACTORY);
    }
    SAXParsers.setSAXParserFactory(newHardenedFactory());
    if (ObjectInputFilter.Config.getSerialFilter() == null) {
      ObjectInputFilter.Config.setSerialFilter(info -> ObjectInputFilter.Status.REJECTED);
    }
    installed = true;
  }

  /** A namespace-aware, non-validating factory that refuses DOCTYPEs and external resources. */
  public static SAXParserFactory newHardenedFactory() {
    SAXParserFactory f = SAXParserFactory.newDefaultInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setXIncludeAware(false);
    try {
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException | SAXNotRecognizedException | SAXNotSupportedException e) {
      // The JDK's built-in Xerces supports all of these; failing open would be a security bug.
      throw new IllegalStateException("cannot harden the XML parser: " + e.getMessage(), e);
    }
    return f;
  }
}
