package org.mingjian.sdk.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mingjian.sdk.validator.Fixtures.assertFails;
import static org.mingjian.sdk.validator.Fixtures.javaModelWith;
import static org.mingjian.sdk.validator.Fixtures.validate;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.INVOKEINTERFACE;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.SIPUSH;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Type;

class BytecodeCheckTest {
  private static final String BAD = "org/example/model/Bad.run(): ";

  @Test
  void runtimeExec() {
    byte[] jar =
        javaModelWith(
            mv -> {
              Classes.call(
                  mv, INVOKESTATIC, "java/lang/Runtime", "getRuntime", "()Ljava/lang/Runtime;");
              mv.visitLdcInsn("rm -rf /");
              Classes.call(
                  mv,
                  INVOKEVIRTUAL,
                  "java/lang/Runtime",
                  "exec",
                  "(Ljava/lang/String;)Ljava/lang/Process;");
              mv.visitInsn(POP);
              // the same call twice is reported once
              Classes.call(
                  mv, INVOKESTATIC, "java/lang/Runtime", "getRuntime", "()Ljava/lang/Runtime;");
              mv.visitLdcInsn("id");
              Classes.call(
                  mv,
                  INVOKEVIRTUAL,
                  "java/lang/Runtime",
                  "exec",
                  "(Ljava/lang/String;)Ljava/lang/Process;");
              mv.visitInsn(POP);
            });
    ValidationReport r = validate(jar);
    assertFails(r, "bytecode", BAD + "calls java/lang/Runtime.exec (process execution)");
    assertEquals(
        r.firstFailure().orElseThrow().message(),
        BAD + "calls java/lang/Runtime.exec (process execution)");
  }

  @Test
  void socket() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitTypeInsn(NEW, "java/net/Socket");
              mv.visitInsn(DUP);
              mv.visitLdcInsn("exfiltrate.example.org");
              mv.visitIntInsn(SIPUSH, 443);
              Classes.call(
                  mv, INVOKESPECIAL, "java/net/Socket", "<init>", "(Ljava/lang/String;I)V");
              mv.visitInsn(POP);
            });
    assertFails(validate(jar), "bytecode", BAD + "uses java/net/Socket (network access)");
  }

  @Test
  void systemExit() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitInsn(ICONST_0);
              Classes.call(mv, INVOKESTATIC, "java/lang/System", "exit", "(I)V");
            });
    assertFails(validate(jar), "bytecode", BAD + "calls java/lang/System.exit (stops the JVM)");
  }

  @Test
  void systemExitThroughAMethodReference() {
    assertFails(
        validate(javaModelWith(Classes::methodReferenceToExit)),
        "bytecode",
        BAD + "calls java/lang/System.exit");
  }

  @Test
  void setAccessible() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitInsn(ACONST_NULL);
              mv.visitTypeInsn(CHECKCAST, "java/lang/reflect/Field");
              mv.visitInsn(ICONST_1);
              Classes.call(mv, INVOKEVIRTUAL, "java/lang/reflect/Field", "setAccessible", "(Z)V");
            });
    assertFails(
        validate(jar),
        "bytecode",
        BAD + "calls java/lang/reflect/Field.setAccessible (reflection that breaks encapsulation)");
  }

  @Test
  void classForName() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitLdcInsn("org.mingjian.platform.runtime.internal.RunEngine");
              Classes.call(
                  mv,
                  INVOKESTATIC,
                  "java/lang/Class",
                  "forName",
                  "(Ljava/lang/String;)Ljava/lang/Class;");
              mv.visitInsn(POP);
            });
    assertFails(validate(jar), "bytecode", "calls java/lang/Class.forName");
  }

  @Test
  void fileOutputStream() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitTypeInsn(NEW, "java/io/FileOutputStream");
              mv.visitInsn(DUP);
              mv.visitLdcInsn("/etc/karaf/users.properties");
              Classes.call(
                  mv, INVOKESPECIAL, "java/io/FileOutputStream", "<init>", "(Ljava/lang/String;)V");
              mv.visitInsn(POP);
            });
    assertFails(validate(jar), "bytecode", BAD + "uses java/io/FileOutputStream (file write)");
  }

  @Test
  void filesWrite() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitInsn(ACONST_NULL);
              mv.visitInsn(ACONST_NULL);
              mv.visitInsn(ICONST_0);
              mv.visitTypeInsn(org.objectweb.asm.Opcodes.ANEWARRAY, "java/nio/file/OpenOption");
              Classes.call(
                  mv,
                  INVOKESTATIC,
                  "java/nio/file/Files",
                  "writeString",
                  "(Ljava/nio/file/Path;Ljava/lang/CharSequence;[Ljava/nio/file/OpenOption;)Ljava/nio/file/Path;");
              mv.visitInsn(POP);
            });
    assertFails(validate(jar), "bytecode", "calls java/nio/file/Files.writeString (file write)");
  }

  @Test
  void unsafe() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitFieldInsn(GETSTATIC, "sun/misc/Unsafe", "theUnsafe", "Lsun/misc/Unsafe;");
              mv.visitInsn(POP);
            });
    assertFails(
        validate(jar),
        "bytecode",
        BAD + "accesses sun/misc/Unsafe.theUnsafe (unsafe memory access)");
  }

  @Test
  void bundleContext() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitInsn(ACONST_NULL);
              Classes.call(
                  mv,
                  INVOKEINTERFACE,
                  "org/osgi/framework/BundleContext",
                  "getBundles",
                  "()[Lorg/osgi/framework/Bundle;");
              mv.visitInsn(POP);
            });
    assertFails(
        validate(jar),
        "bytecode",
        BAD + "calls org/osgi/framework/BundleContext.getBundles (platform internals");
  }

  @Test
  void threadsAndExecutors() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitInsn(ICONST_1);
              Classes.call(
                  mv,
                  INVOKESTATIC,
                  "java/util/concurrent/Executors",
                  "newFixedThreadPool",
                  "(I)Ljava/util/concurrent/ExecutorService;");
              mv.visitInsn(POP);
            });
    assertFails(
        validate(jar),
        "bytecode",
        "calls java/util/concurrent/Executors.newFixedThreadPool (starts threads)");
    byte[] subclass =
        Fixtures.javaModel()
            .entry(
                "org/example/model/Worker.class",
                Classes.withRun("org/example/model/Worker", "java/lang/Thread", mv -> {}))
            .build();
    assertFails(
        validate(subclass),
        "bytecode",
        "org/example/model/Worker.<init>(): calls java/lang/Thread.<init> (starts threads)");
  }

  @Test
  void inheritedDefineClassThroughOwnSubclass() {
    byte[] loader =
        Classes.withRun(
            "org/example/model/Loader",
            "java/lang/ClassLoader",
            mv -> {
              mv.visitVarInsn(ALOAD, 0);
              mv.visitInsn(ACONST_NULL);
              mv.visitInsn(ICONST_0);
              mv.visitInsn(ICONST_0);
              Classes.call(
                  mv,
                  INVOKEVIRTUAL,
                  "org/example/model/Loader",
                  "defineClass",
                  "([BII)Ljava/lang/Class;");
              mv.visitInsn(POP);
            });
    assertFails(
        validate(Fixtures.javaModel().entry("org/example/model/Loader.class", loader).build()),
        "bytecode",
        "org/example/model/Loader.run(): calls org/example/model/Loader.defineClass, inherited from java/lang/ClassLoader");
  }

  @Test
  void classLiteralOfAForbiddenType() {
    byte[] jar =
        javaModelWith(
            mv -> {
              mv.visitLdcInsn(Type.getObjectType("org/apache/karaf/shell/api/console/Session"));
              mv.visitInsn(POP);
            });
    assertFails(validate(jar), "bytecode", "uses org/apache/karaf/shell/api/console/Session");
  }

  @Test
  void unparseableClass() {
    byte[] garbage = {
      (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0x7f, 0x7f, 1, 2
    };
    assertFails(
        validate(Fixtures.javaModel().entry("org/example/model/Broken.class", garbage).build()),
        "bytecode",
        "org/example/model/Broken.class is not a valid class file");
  }
}
