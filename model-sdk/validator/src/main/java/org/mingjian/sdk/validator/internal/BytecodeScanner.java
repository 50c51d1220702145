package org.mingjian.sdk.validator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Reads every class of a bundle with ASM and reports references forbidden by {@link ForbiddenApi}:
 * method calls, field accesses, type instructions, class literals, method handles (lambdas and
 * method references), superclasses and interfaces. A call through a class of the bundle to a method
 * it inherits from a JDK class (say {@code MyLoader.defineClass}) is judged as a call to the JDK
 * class. Annotations are not judged.
 */
public final class BytecodeScanner {
  private BytecodeScanner() {}

  /**
   * @param unparseable one line per class entry that is not a valid class file
   * @param violations one line per class, member and forbidden API
   */
  public record Result(List<String> unparseable, List<String> violations) {}

  private enum Kind {
    CALL("calls"),
    FIELD("accesses"),
    TYPE("uses"),
    SUPER("extends or implements");

    final String verb;

    Kind(String verb) {
      this.verb = verb;
    }
  }

  private record Ref(
      String clazz, String method, Kind kind, String owner, String name, String desc) {}

  private record ClassInfo(String superName, String[] interfaces, Set<String> members) {}

  /**
   * @param classes entry name to class file bytes
   * @return what was found
   */
  public static Result scan(Map<String, byte[]> classes) {
    List<String> unparseable = new ArrayList<>();
    Map<String, ClassInfo> infos = new HashMap<>();
    List<Ref> refs = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      List<Ref> own = new ArrayList<>();
      try {
        ClassReader reader = new ClassReader(e.getValue());
        Collector collector = new Collector(own);
        reader.accept(collector, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        if (collector.name == null) {
          throw new IllegalArgumentException("no class name");
        }
        infos.put(
            collector.name,
            new ClassInfo(collector.superName, collector.interfaces, collector.members));
        refs.addAll(own);
      } catch (RuntimeException ex) {
        String why = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        unparseable.add(e.getKey() + " is not a valid class file (" + why + ")");
      }
    }
    Set<String> violations = new LinkedHashSet<>();
    for (Ref r : refs) {
      judge(r, infos).ifPresent(violations::add);
    }
    return new Result(unparseable, List.copyOf(violations));
  }

  private static Optional<String> judge(Ref r, Map<String, ClassInfo> infos) {
    String where = r.clazz() + (r.method() == null ? "" : "." + r.method() + "()");
    if (r.kind() == Kind.TYPE || r.kind() == Kind.SUPER) {
      if (infos.containsKey(r.owner())) {
        return Optional.empty();
      }
      return ForbiddenApi.forType(r.owner())
          .map(why -> where + ": " + r.kind().verb + " " + r.owner() + " (" + why + ")");
    }
    String api = r.owner() + "." + r.name();
    if (!infos.containsKey(r.owner())) {
      return ForbiddenApi.forMember(r.owner(), r.name(), r.desc())
          .map(why -> where + ": " + r.kind().verb + " " + api + " (" + why + ")");
    }
    // a member of one of the bundle's own classes: follow inherited members to the JDK
    for (String external : inheritedFrom(r.owner(), r.name() + r.desc(), infos, new HashSet<>())) {
      Optional<String> why = ForbiddenApi.forMember(external, r.name(), r.desc());
      if (why.isPresent()) {
        return Optional.of(
            where
                + ": "
                + r.kind().verb
                + " "
                + api
                + ", inherited from "
                + external
                + " ("
                + why.get()
                + ")");
      }
    }
    return Optional.empty();
  }

  private static List<String> inheritedFrom(
      String owner, String member, Map<String, ClassInfo> infos, Set<String> visited) {
    List<String> out = new ArrayList<>();
    if (!visited.add(owner)) {
      return out;
    }
    ClassInfo info = infos.get(owner);
    if (info == null) {
      out.add(owner);
      return out;
    }
    if (info.members().contains(member)) {
      return out; // declared by the bundle itself
    }
    if (info.superName() != null) {
      out.addAll(inheritedFrom(info.superName(), member, infos, visited));
    }
    for (String i : info.interfaces()) {
      out.addAll(inheritedFrom(i, member, infos, visited));
    }
    return out;
  }

  private static final class Collector extends ClassVisitor {
    private final List<Ref> refs;
    String name;
    String superName;
    String[] interfaces = new String[0];
    final Set<String> members = new HashSet<>();

    Collector(List<Ref> refs) {
      super(Opcodes.ASM9);
      this.refs = refs;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      this.name = name;
      this.superName = superName;
      this.interfaces = interfaces == null ? new String[0] : interfaces;
      if (superName != null) {
        refs.add(new Ref(name, null, Kind.SUPER, superName, null, null));
      }
      for (String i : this.interfaces) {
        refs.add(new Ref(name, null, Kind.SUPER, i, null, null));
      }
    }

    @Override
    public org.objectweb.asm.FieldVisitor visitField(
        int access, String fname, String descriptor, String signature, Object value) {
      members.add(fname + descriptor);
      return null;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String mname, String descriptor, String signature, String[] exceptions) {
      members.add(mname + descriptor);
      String cls = name;
      return new MethodVisitor(Opcodes.ASM9) {
        private void type(String internal) {
          if (internal == null) {
            return;
          }
          Type t = internal.startsWith("[") ? Type.getType(internal) : Type.getObjectType(internal);
          if (t.getSort() == Type.ARRAY) {
            t = t.getElementType();
          }
          if (t.getSort() == Type.OBJECT) {
            refs.add(new Ref(cls, mname, Kind.TYPE, t.getInternalName(), null, null));
          }
        }

        private void constant(Object value) {
          if (value instanceof Type t) {
            if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
              type(t.getSort() == Type.ARRAY ? t.getDescriptor() : t.getInternalName());
            }
          } else if (value instanceof Handle h) {
            boolean field = h.getTag() <= Opcodes.H_PUTSTATIC;
            refs.add(
                new Ref(
                    cls,
                    mname,
                    field ? Kind.FIELD : Kind.CALL,
                    h.getOwner(),
                    h.getName(),
                    h.getDesc()));
          } else if (value instanceof ConstantDynamic cd) {
            constant(cd.getBootstrapMethod());
            for (int i = 0; i < cd.getBootstrapMethodArgumentCount(); i++) {
              constant(cd.getBootstrapMethodArgument(i));
            }
          }
        }

        @Override
        public void visitMethodInsn(
            int opcode, String owner, String n, String desc, boolean isInterface) {
          if (owner.startsWith("[")) {
            type(owner);
            return;
          }
          refs.add(new Ref(cls, mname, Kind.CALL, owner, n, desc));
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String n, String desc) {
          refs.add(new Ref(cls, mname, Kind.FIELD, owner, n, desc));
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
          type(type);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
          type(descriptor);
        }

        @Override
        public void visitLdcInsn(Object value) {
          constant(value);
        }

        @Override
        public void visitInvokeDynamicInsn(
            String n, String desc, Handle bootstrap, Object... bootstrapArgs) {
          constant(bootstrap);
          for (Object a : bootstrapArgs) {
            constant(a);
          }
        }
      };
    }
  }
}
